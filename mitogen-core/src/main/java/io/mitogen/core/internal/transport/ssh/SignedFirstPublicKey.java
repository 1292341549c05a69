package io.mitogen.core.internal.transport.ssh;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.sshd.client.auth.AbstractUserAuthFactory;
import org.apache.sshd.client.auth.UserAuth;
import org.apache.sshd.client.auth.UserAuthFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.kex.extension.DefaultClientKexExtensionHandler;
import org.apache.sshd.common.kex.extension.parser.HostBoundPubkeyAuthentication;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * Public-key authentication that sends each key's signed request at once (RFC 4252 section 7
 * allows it), instead of first asking whether the server would accept the key and signing only
 * after its {@code SSH_MSG_USERAUTH_PK_OK}. That question costs a round trip per connection,
 * 250 ms of a context's start over a slow link. Every key is held in memory here (identity files
 * and keys the application gave; no agent, no hardware key that would ask for a touch), so
 * signing for a key the server then refuses costs a millisecond, and the server counts one
 * failure per refused key, as before.
 */
final class SignedFirstPublicKey extends UserAuthPublicKey {

    /** The factory to register in place of MINA's own {@code publickey}. */
    static final UserAuthFactory FACTORY = new AbstractUserAuthFactory(NAME) {
        @Override
        public UserAuth createUserAuth(ClientSession session) {
            return new SignedFirstPublicKey();
        }
    };

    @Override
    protected boolean sendAuthDataRequest(ClientSession session, String service) throws Exception {
        String algorithm = nextAlgorithm(session, service);
        if (algorithm == null) {
            return false;
        }
        this.chosenAlgorithm = algorithm;
        KeyPair keyPair = this.current.getKeyIdentity();
        PublicKey key = keyPair.getPublic();
        Integer hostBound = session.getAttribute(DefaultClientKexExtensionHandler.HOSTBOUND_AUTHENTICATION);
        boolean bindToHost = hostBound != null && hostBound == 0;
        String name = bindToHost ? HostBoundPubkeyAuthentication.AUTH_NAME : getName();
        PublicKey serverKey = bindToHost ? session.getServerKey() : null;
        Buffer buffer = session.createBuffer(SshConstants.SSH_MSG_USERAUTH_REQUEST);
        buffer.putString(session.getUsername());
        buffer.putString(service);
        buffer.putString(name);
        buffer.putBoolean(true);
        buffer.putString(algorithm);
        buffer.putPublicKey(key);
        if (serverKey != null) {
            buffer.putPublicKey(serverKey);
        }
        appendSignature(session, service, name, session.getUsername(), algorithm, key, serverKey, buffer);
        setCancellable(false);
        session.writePacket(buffer);
        return true;
    }

    /**
     * The next signature algorithm to try, moving {@link #current} to the next key when this one
     * has none left, or when the server refused an algorithm it said it supports (then the key,
     * not the algorithm, was refused); {@code null} when no key is left.
     */
    private String nextAlgorithm(ClientSession session, String service) throws Exception {
        if (this.current != null && !this.currentAlgorithms.isEmpty()) {
            Set<String> supported = session.getAttribute(DefaultClientKexExtensionHandler.SERVER_ALGORITHMS);
            if (this.chosenAlgorithm == null || supported == null || !supported.contains(this.chosenAlgorithm)) {
                return this.currentAlgorithms.poll();
            }
        }
        while (true) {
            this.current = resolveAttemptedPublicKeyIdentity(session, service, null);
            this.currentAlgorithms.clear();
            this.chosenAlgorithm = null;
            if (this.current == null) {
                return null;
            }
            KeyPair keyPair = this.current.getKeyIdentity();
            String keyType = KeyUtils.getKeyType(keyPair.getPublic());
            Set<String> aliases = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            aliases.addAll(KeyUtils.getAllEquivalentKeyTypes(keyType));
            aliases.add(keyType);
            List<NamedFactory<Signature>> factories = session.getSignatureFactories();
            if (factories != null) {
                for (NamedFactory<Signature> factory : factories) {
                    if (aliases.contains(factory.getName())) {
                        this.currentAlgorithms.add(factory.getName());
                    }
                }
            }
            String algorithm = this.currentAlgorithms.poll();
            if (algorithm == null) {
                algorithm = getDefaultSignatureAlgorithm(session, service, this.current, keyPair, keyType);
            }
            if (algorithm != null && !algorithm.isEmpty()) {
                return algorithm;
            }
        }
    }
}
