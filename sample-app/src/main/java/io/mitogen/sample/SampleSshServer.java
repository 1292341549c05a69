package io.mitogen.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * The sample's own ssh host, so that it needs nothing outside this machine: an Apache MINA SSHD
 * server on 127.0.0.1 at a free port, started before the application context, accepting only a
 * key generated here at start. Its port, the private key file and a known_hosts file with its
 * host key become the {@code sample.ssh.*} properties that {@code application.yml} uses; all
 * of it is gone when the application stops.
 */
public class SampleSshServer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        try {
            Path dir = Files.createTempDirectory("mitogen-sample-ssh-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            KeyPair hostKey = generate();
            KeyPair clientKey = generate();
            Path identity = dir.resolve("id_ecdsa");
            try (OutputStream out = Files.newOutputStream(identity)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "mitogen-sample", null, out);
            }
            SshServer server = SshServer.setUpDefaultServer();
            server.setHost("127.0.0.1");
            server.setPort(0);
            server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
            server.setPublickeyAuthenticator(
                    (username, key, session) -> KeyUtils.compareKeys(key, clientKey.getPublic()));
            server.setPasswordAuthenticator(null);
            server.setKeyboardInteractiveAuthenticator(null);
            server.setCommandFactory((channel, command) -> new SampleShellCommand(command));
            server.start();
            Path knownHosts = dir.resolve("known_hosts");
            Files.writeString(knownHosts, "[127.0.0.1]:" + server.getPort() + " "
                    + PublicKeyEntry.toString(hostKey.getPublic()) + "\n", StandardCharsets.US_ASCII);
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("sample-ssh",
                    Map.of("sample.ssh.port", server.getPort(), "sample.ssh.identity-file", identity.toString(),
                            "sample.ssh.known-hosts", knownHosts.toString())));
            context.addApplicationListener((ContextClosedEvent event) -> stop(server, dir));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot start the sample's ssh server", ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot generate the sample's ssh keys", ex);
        }
    }

    private static KeyPair generate() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static void stop(SshServer server, Path dir) {
        try {
            server.stop(true);
        }
        catch (IOException ex) {
            // Stopping anyway.
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
        }
        catch (IOException ex) {
            // A temporary directory: the system cleans it in the end.
        }
    }

}
