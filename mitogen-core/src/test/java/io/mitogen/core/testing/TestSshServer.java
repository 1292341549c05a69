package io.mitogen.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

import io.mitogen.test.sshd.InProcessSshd;
import io.mitogen.test.sshd.ShellCommand;

/**
 * A real ssh server in the test JVM (Apache MINA SSHD) on 127.0.0.1 and a free port. Its exec
 * channel runs the requested command with {@code bash -c} ({@link ShellCommand}), as OpenSSH's
 * sshd does with the user's shell, so a child JVM is bootstrapped over a real ssh connection, as
 * this user.
 *
 * <p>It has a generated host key, a generated client key (also written encrypted with
 * {@link #PASSPHRASE}), a known hosts file naming its key, and accepts {@link #PASSWORD} for any
 * user (password and keyboard-interactive).
 */
public final class TestSshServer implements AutoCloseable {

    public static final String PASSWORD = "s3cret-Pa55word";

    public static final String PASSPHRASE = "key-Pa55phrase";

    private final java.util.Set<String> ciphers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final SshServer server;

    private final Path dir;

    private final Path clientKey;

    private final Path encryptedClientKey;

    private final Path knownHosts;

    private final PublicKey hostKey;

    private final AtomicInteger sessions = new AtomicInteger();

    private final AtomicInteger passwordAttempts = new AtomicInteger();

    private final AtomicInteger keyChecks = new AtomicInteger();

    private TestSshServer(Path dir) throws Exception {
        this.dir = dir;
        KeyPair client = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        this.clientKey = InProcessSshd.writePrivateKey(dir.resolve("id_ecdsa"), client, null);
        this.encryptedClientKey = InProcessSshd.writePrivateKey(dir.resolve("id_ecdsa_encrypted"), client, PASSPHRASE);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(dir.resolve("host-key.ser"));
        hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        hostKeys.setKeySize(256);
        SshServer server = InProcessSshd.server(hostKeys);
        server.setPublickeyAuthenticator((user, key, session) -> {
            this.keyChecks.incrementAndGet();
            return KeyUtils.compareKeys(key, client.getPublic());
        });
        server.setPasswordAuthenticator((user, password, session) -> {
            this.passwordAttempts.incrementAndGet();
            return PASSWORD.equals(password);
        });
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                TestSshServer.this.sessions.incrementAndGet();
            }

            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.KeyEstablished) {
                    TestSshServer.this.ciphers.add(session.getNegotiatedKexParameter(
                            org.apache.sshd.common.kex.KexProposalOption.S2CENC));
                }
            }
        });
        server.start();
        this.server = server;
        this.hostKey = hostKeys.loadKeys(null).iterator().next().getPublic();
        this.knownHosts = dir.resolve("known_hosts");
        Files.writeString(this.knownHosts, knownHostsLine() + "\n");
    }

    /** Starts a server whose files (keys, known hosts) live in {@code dir}. */
    public static TestSshServer start(Path dir) {
        try {
            return new TestSshServer(dir);
        }
        catch (Exception ex) {
            throw new IllegalStateException("cannot start the test ssh server", ex);
        }
    }

    public int port() {
        return this.server.getPort();
    }

    /** An unencrypted private key (OpenSSH format) the server accepts for any user. */
    public Path clientKey() {
        return this.clientKey;
    }

    /** The same key, encrypted with {@link #PASSPHRASE}. */
    public Path encryptedClientKey() {
        return this.encryptedClientKey;
    }

    /** A known hosts file with this server's key for {@code [127.0.0.1]:port}. */
    public Path knownHosts() {
        return this.knownHosts;
    }

    /** The known hosts line for this server. */
    public String knownHostsLine() {
        return InProcessSshd.knownHostsLine(port(), this.hostKey);
    }

    /** The host key's fingerprint as OpenSSH prints it. */
    public String fingerprint() {
        return KeyUtils.getFingerPrint(this.hostKey);
    }

    /** A directory for a test's own files. */
    public Path dir() {
        return this.dir;
    }

    /** The ciphers (server to client) that sessions agreed on since start. */
    public java.util.Set<String> ciphersNegotiated() {
        return new java.util.TreeSet<>(this.ciphers);
    }

    /** Sessions opened since start. */
    public int sessionsOpened() {
        return this.sessions.get();
    }

    /** Password checks since start. */
    public int passwordAttempts() {
        return this.passwordAttempts.get();
    }

    /**
     * Public-key checks since start: one per signed login request, and one more per query
     * ("would you accept this key?") that a client sends before signing.
     */
    public int keyChecks() {
        return this.keyChecks.get();
    }

    /** Cuts every connection at once, as a dead network or a crashed server would. */
    public void dropAllConnections() {
        InProcessSshd.dropAllConnections(this.server);
    }

    @Override
    public void close() {
        try {
            this.server.stop(true);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public String toString() {
        return "TestSshServer(127.0.0.1:" + port() + ")";
    }
}
