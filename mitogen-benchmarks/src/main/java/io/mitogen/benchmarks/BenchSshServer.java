package io.mitogen.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * The ssh peer when no OpenSSH testbed is configured: Apache MINA SSHD on 127.0.0.1 at a free
 * port, accepting one generated key, running exec requests with {@code /bin/sh -c}.
 */
final class BenchSshServer implements AutoCloseable {

    final SshServer server;

    final Path identity;

    final Path knownHosts;

    private final Path dir;

    BenchSshServer() throws IOException, GeneralSecurityException {
        this.dir = Files.createTempDirectory("mitogen-bench-ssh-");
        KeyPair hostKey = ecKey();
        KeyPair clientKey = ecKey();
        this.identity = this.dir.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(this.identity)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "bench", null, out);
        }
        this.server = SshServer.setUpDefaultServer();
        this.server.setHost("127.0.0.1");
        this.server.setPort(0);
        this.server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        this.server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey.getPublic()));
        this.server.setCommandFactory((channel, command) -> new ShellCommand(command));
        this.server.start();
        this.knownHosts = this.dir.resolve("known_hosts");
        Files.writeString(this.knownHosts, "[127.0.0.1]:" + this.server.getPort() + " "
                + PublicKeyEntry.toString(hostKey.getPublic()) + "\n", StandardCharsets.US_ASCII);
    }

    int port() {
        return this.server.getPort();
    }

    @Override
    public void close() throws IOException {
        this.server.stop(true);
        Files.deleteIfExists(this.identity);
        Files.deleteIfExists(this.knownHosts);
        Files.deleteIfExists(this.dir);
    }

    private static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    /** An exec request: the command's three streams copied, its exit status once its output ended. */
    private static final class ShellCommand implements Command {

        private final String command;

        private InputStream in;

        private OutputStream out;

        private OutputStream err;

        private ExitCallback exit;

        private volatile Process process;

        ShellCommand(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            Process started = new ProcessBuilder("/bin/sh", "-c", this.command).start();
            this.process = started;
            Thread stdout = pump(started.getInputStream(), this.out);
            Thread stderr = pump(started.getErrorStream(), this.err);
            pump(this.in, started.getOutputStream());
            Thread waiter = new Thread(() -> {
                try {
                    stdout.join();
                    stderr.join();
                    this.exit.onExit(started.waitFor());
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.setDaemon(true);
            waiter.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
            Process running = this.process;
            if (running != null) {
                running.descendants().forEach(ProcessHandle::destroyForcibly);
                running.destroyForcibly();
            }
        }

        private static Thread pump(InputStream from, OutputStream to) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[64 * 1024];
                try (InputStream source = from; OutputStream sink = to) {
                    int n;
                    while ((n = source.read(buffer)) > 0) {
                        sink.write(buffer, 0, n);
                        sink.flush();
                    }
                }
                catch (IOException ex) {
                    // The channel or the process went away.
                }
            });
            thread.setDaemon(true);
            thread.start();
            return thread;
        }
    }

}
