package io.mitogen.test.sshd;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.server.SshServer;

/**
 * What every in-process test ssh server shares: a MINA {@link SshServer} on 127.0.0.1 at a free
 * port whose exec channel runs commands as real processes ({@link ShellCommand}), the OpenSSH
 * files a client needs (a private key, a known hosts line), and cutting every connection at once.
 * How it authenticates is the caller's: each server accepts its own keys and passwords.
 */
public final class InProcessSshd {

    private InProcessSshd() {
    }

    /**
     * A server, not started yet, on 127.0.0.1 and a port chosen when it starts, with
     * {@code hostKeys}, whose exec requests run as {@link ShellCommand}s. It accepts nobody
     * until the caller sets its authenticators.
     */
    public static SshServer server(KeyPairProvider hostKeys) {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(hostKeys);
        server.setCommandFactory((channel, command) -> new ShellCommand(command));
        return server;
    }

    /**
     * Writes {@code pair}'s private key to {@code file} in OpenSSH's format, encrypted (AES-256)
     * with {@code passphrase} unless it is {@code null}, and returns {@code file}.
     */
    public static Path writePrivateKey(Path file, KeyPair pair, String passphrase)
            throws IOException, GeneralSecurityException {
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
            encryption.setPassword(passphrase);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "mitogen-test", encryption, out);
        }
        return file;
    }

    /** The known hosts line of a server on 127.0.0.1 at {@code port} with {@code hostKey}. */
    public static String knownHostsLine(int port, PublicKey hostKey) {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey);
    }

    /** Cuts every connection of {@code server} at once, as a dead network or a crashed server would. */
    public static void dropAllConnections(SshServer server) {
        List<AbstractSession> active = new ArrayList<>(server.getActiveSessions());
        for (AbstractSession session : active) {
            session.close(true);
        }
    }
}
