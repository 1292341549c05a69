package io.mitogen.core.internal.transport.ssh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyPair;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

import io.mitogen.core.AuthenticationFailedException;
import io.mitogen.core.SshOptions;
import io.mitogen.core.internal.logging.Log;

/** Loads the identities to offer into a session. */
final class Identities {

    private static final Log log = Log.get(SshTransport.class);

    private static final String[] DEFAULT_IDENTITIES = { "id_ed25519", "id_ecdsa", "id_rsa" };

    private Identities() {
    }

    /** Adds the keys given, else configured, else found in {@code ~/.ssh}; returns how many. */
    static int load(ClientSession session, SshOptions ssh, Target target) {
        int count = 0;
        for (SshOptions.Identity identity : ssh.identities()) {
            if (identity.file() != null) {
                count += loadFile(session, identity.file(), identity.passphrase(), target, true);
            }
            else {
                count += loadText(session, identity, target);
            }
        }
        if (ssh.identities().isEmpty()) {
            for (String configured : target.configuredIdentities) {
                count += loadFile(session, expand(configured), null, target, false);
            }
        }
        if (ssh.identities().isEmpty() && target.configuredIdentities.isEmpty()) {
            for (String name : DEFAULT_IDENTITIES) {
                Path file = Paths.get(System.getProperty("user.home"), ".ssh", name);
                if (Files.isReadable(file)) {
                    count += loadFile(session, file, null, target, false);
                }
            }
        }
        return count;
    }

    private static int loadFile(ClientSession session, Path file, io.mitogen.core.Secret passphrase, Target target,
            boolean required) {
        try (InputStream in = Files.newInputStream(file)) {
            return add(session, NamedResource.ofName(file.toString()), in, passphrase);
        }
        catch (NoSuchFileException ex) {
            if (required) {
                throw new AuthenticationFailedException(target + ": identity file " + file + " does not exist on "
                        + Machine.hostname() + " (files are read by the context that opens the connection);"
                        + " check the path, or pass the key itself with identityKey(privateKey, passphrase)");
            }
            return 0;
        }
        catch (java.nio.file.AccessDeniedException ex) {
            if (required) {
                String user = System.getProperty("user.name");
                throw new AuthenticationFailedException(target + ": identity file " + file + " cannot be read by user "
                        + user + " on " + Machine.hostname() + ": permission denied" + Machine.describe(file)
                        + "; the context that opens this connection reads it as that user: make it readable by "
                        + user + " (e.g. chown it to " + user + ", chmod 600), or pass the key itself with "
                        + "identityKey(privateKey, passphrase)");
            }
            log.debug("{}: skipping identity file {}: permission denied", target, file);
            return 0;
        }
        catch (IOException | GeneralSecurityException | RuntimeException ex) {
            if (required && Files.isDirectory(file)) {
                throw new AuthenticationFailedException(target + ": identity file " + file + " on "
                        + Machine.hostname() + " is a directory, not a private key file; name the key file"
                        + " itself (e.g. " + file.resolve("id_ed25519") + ")");
            }
            if (required) {
                throw new AuthenticationFailedException(target + ": cannot use identity file " + file + " on "
                        + Machine.hostname() + ": " + ex.getMessage() + "; " + ((passphrase == null)
                                ? "if it is encrypted, give its passphrase with identityFile(file, passphrase);"
                                        + " else check that it is an OpenSSH or PEM private key"
                                : "check the passphrase (not shown here), and that it is an OpenSSH or PEM"
                                        + " private key"));
            }
            log.debug("{}: skipping identity file {}: {}", target, file, ex.toString());
            return 0;
        }
    }

    private static int loadText(ClientSession session, SshOptions.Identity identity, Target target) {
        byte[] text = identity.key().reveal().getBytes(StandardCharsets.UTF_8);
        try {
            return add(session, NamedResource.ofName("identityKey"), new ByteArrayInputStream(text), identity.passphrase());
        }
        catch (IOException | GeneralSecurityException | RuntimeException ex) {
            throw new AuthenticationFailedException(target + ": cannot use the identity key given as text with"
                    + " identityKey(...): " + ex.getClass().getSimpleName() + "; " + ((identity.passphrase() == null)
                            ? "if it is encrypted, give its passphrase as the second argument; else check that"
                                    + " it is a whole OpenSSH or PEM private key"
                            : "check the passphrase (not shown here), and that it is a whole OpenSSH or PEM"
                                    + " private key"));
        }
    }

    private static int add(ClientSession session, NamedResource name, InputStream in, io.mitogen.core.Secret passphrase)
            throws IOException, GeneralSecurityException {
        FilePasswordProvider provider = (passphrase != null) ? FilePasswordProvider.of(passphrase.reveal())
                : FilePasswordProvider.EMPTY;
        Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(session, name, in, provider);
        int count = 0;
        if (pairs != null) {
            for (KeyPair pair : pairs) {
                session.addPublicKeyIdentity(pair);
                count++;
            }
        }
        if (count == 0) {
            throw new GeneralSecurityException("no private key in it");
        }
        return count;
    }

    private static Path expand(String path) {
        if (path.startsWith("~/")) {
            return Paths.get(System.getProperty("user.home"), path.substring(2));
        }
        return Paths.get(path);
    }
}
