package io.mitogen.core.internal.transport.ssh;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;

import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

import io.mitogen.core.HostKeyMismatchException;
import io.mitogen.core.HostKeyPolicy;
import io.mitogen.core.UnknownHostKeyException;
import io.mitogen.core.internal.logging.Log;

/** MINA's known hosts check, with ENFORCE and ACCEPT_NEW's answers recorded as exceptions. */
final class KnownHosts extends KnownHostsServerKeyVerifier {

    private static final Log log = Log.get(SshTransport.class);

    private final Attempt attempt;

    private final HostKeyPolicy policy;

    private final Path file;

    KnownHosts(Attempt attempt, HostKeyPolicy policy, Path file) {
        // Not MINA's AcceptAll: it warns of an "unverified" key, where ACCEPT_NEW logs what it added.
        super((policy == HostKeyPolicy.ACCEPT_NEW) ? (session, address, key) -> true
                : RejectAllServerKeyVerifier.INSTANCE, file);
        this.attempt = attempt;
        this.policy = policy;
        this.file = file;
    }

    @Override
    protected boolean acceptUnknownHostKey(ClientSession session, SocketAddress address, PublicKey key) {
        if (this.policy == HostKeyPolicy.ACCEPT_NEW) {
            log.info("{}: new host key {} {} added to {} (ACCEPT_NEW)", this.attempt.target, KeyUtils.getKeyType(key),
                    KeyUtils.getFingerPrint(key), this.file);
            return super.acceptUnknownHostKey(session, address, key);
        }
        this.attempt.rejected = new UnknownHostKeyException(this.attempt.target.knownHostsName(), KeyUtils.getKeyType(key),
                KeyUtils.getFingerPrint(key), "is unknown: it is not in " + this.file + " and the host key policy is "
                        + this.policy + " (check the fingerprint, then add the key, or connect once with ACCEPT_NEW)");
        return false;
    }

    @Override
    public boolean acceptModifiedServerKey(ClientSession session, SocketAddress address,
            org.apache.sshd.client.config.hosts.KnownHostEntry entry, PublicKey expected, PublicKey actual) {
        this.attempt.rejected = new HostKeyMismatchException(this.attempt.target.knownHostsName(),
                KeyUtils.getKeyType(actual), KeyUtils.getFingerPrint(actual), "HAS CHANGED: " + this.file + " has "
                        + KeyUtils.getKeyType(expected) + " " + KeyUtils.getFingerPrint(expected)
                        + " for it. Someone may be in the middle, or the host was reinstalled; if so, remove the old"
                        + " key from " + this.file);
        return false;
    }
}
