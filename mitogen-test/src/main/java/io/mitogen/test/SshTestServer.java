package io.mitogen.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;

import io.mitogen.test.sshd.InProcessSshd;

/**
 * A real ssh server in this JVM (Apache MINA SSHD) on 127.0.0.1 at a free port, for tests and
 * demos that need an ssh host without one installed. Its exec channel runs the requested command
 * with {@code bash -c} (or {@code /bin/sh -c}), as OpenSSH's sshd does with the user's shell, so a
 * child JVM is bootstrapped over a real ssh connection, as this user.
 *
 * <p>It has a generated host key and accepts one generated client key ({@link #clientKey()}); a
 * known hosts file names its host key. Passwords are refused unless {@link Builder#password} sets
 * one. Its files live in a directory of its own, removed by {@link #close()} when it made it.
 *
 * <pre>{@code
 * try (SshTestServer sshd = SshTestServer.start()) {
 *     Context box = router.ssh(SshOptions.builder("127.0.0.1").port(sshd.port())
 *             .identityFile(sshd.clientKey()).knownHosts(sshd.knownHosts()).build());
 * }
 * }</pre>
 */
public final class SshTestServer implements AutoCloseable {

    private final SshServer server;

    private final Path dir;

    private final boolean ownDir;

    private final Path clientKey;

    private final Path knownHosts;

    private final KeyPair hostKey;

    private final AtomicInteger sessions = new AtomicInteger();

    private SshTestServer(Builder builder) throws IOException, GeneralSecurityException {
        this.ownDir = builder.dir == null;
        this.dir = this.ownDir ? Files.createTempDirectory("mitogen-test-sshd-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))) : builder.dir;
        this.hostKey = ecKey();
        KeyPair client = ecKey();
        this.clientKey = InProcessSshd.writePrivateKey(this.dir.resolve("id_ecdsa"), client, null);
        Files.setPosixFilePermissions(this.clientKey, PosixFilePermissions.fromString("rw-------"));
        SshServer server = InProcessSshd.server(KeyPairProvider.wrap(this.hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, client.getPublic()));
        String password = builder.password;
        server.setPasswordAuthenticator((password != null) ? (user, given, session) -> password.equals(given) : null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                SshTestServer.this.sessions.incrementAndGet();
            }
        });
        server.start();
        this.server = server;
        this.knownHosts = this.dir.resolve("known_hosts");
        Files.writeString(this.knownHosts, knownHostsLine() + "\n", StandardCharsets.US_ASCII);
    }

    /** Starts a server with its files in a temporary directory of its own. */
    public static SshTestServer start() {
        return builder().start();
    }

    /** A builder, for a password or a directory of your choosing. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port it listens on, on 127.0.0.1. */
    public int port() {
        return this.server.getPort();
    }

    /** An unencrypted private key (OpenSSH format) the server accepts for any user. */
    public Path clientKey() {
        return this.clientKey;
    }

    /** A known hosts file with this server's key for {@code [127.0.0.1]:port}. */
    public Path knownHosts() {
        return this.knownHosts;
    }

    /** The known hosts line for this server. */
    public String knownHostsLine() {
        return InProcessSshd.knownHostsLine(port(), this.hostKey.getPublic());
    }

    /** The host key's fingerprint as OpenSSH prints it. */
    public String fingerprint() {
        return KeyUtils.getFingerPrint(this.hostKey.getPublic());
    }

    /** The directory of its files. */
    public Path dir() {
        return this.dir;
    }

    /** Sessions opened since start. */
    public int sessionsOpened() {
        return this.sessions.get();
    }

    /** Cuts every connection at once, as a dead network or a crashed server would. */
    public void dropAllConnections() {
        InProcessSshd.dropAllConnections(this.server);
    }

    /** Stops the server (its commands are killed) and removes its directory if it made it. */
    @Override
    public void close() {
        try {
            this.server.stop(true);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        if (this.ownDir) {
            try (Stream<Path> files = Files.walk(this.dir)) {
                files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
            }
            catch (IOException ex) {
                // A temporary directory: the system cleans it in the end.
            }
        }
    }

    @Override
    public String toString() {
        return "SshTestServer(127.0.0.1:" + port() + ")";
    }

    private static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    /** Builds an {@link SshTestServer}. */
    public static final class Builder {

        private String password;

        private Path dir;

        private Builder() {
        }

        /** Also accepts this password, for any user (never logged). */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Keeps its files in {@code dir} (left in place on close) instead of a temporary directory. */
        public Builder directory(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Starts it. */
        public SshTestServer start() {
            try {
                return new SshTestServer(this);
            }
            catch (IOException | GeneralSecurityException ex) {
                throw new IllegalStateException("cannot start the test ssh server", ex);
            }
        }

    }

}
