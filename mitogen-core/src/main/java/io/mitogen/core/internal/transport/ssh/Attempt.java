package io.mitogen.core.internal.transport.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;

import org.apache.sshd.client.session.ClientConnectionServiceFactory;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.compression.BuiltinCompressions;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.core.CoreModuleProperties;

import io.mitogen.core.HostKeyException;
import io.mitogen.core.HostKeyPolicy;
import io.mitogen.core.SshOptions;
import io.mitogen.core.internal.logging.Log;

/** The settings of one connection and what its host key check found. */
final class Attempt {

    private static final Log log = Log.get(SshTransport.class);

    /** The settings and outcome of one connection attempt, as a connection context attribute. */
    static final AttributeKey<Attempt> KEY = new AttributeKey<>();

    final SshOptions options;

    final Target target;

    volatile HostKeyException rejected;

    Attempt(SshOptions options, Target target) {
        this.options = options;
        this.target = target;
    }

    /** Before the key exchange starts: compression for this connection. */
    void configure(Session session) {
        if (this.options.compression()) {
            session.setCompressionFactories(Arrays.asList(BuiltinCompressions.delayedZlib, BuiltinCompressions.zlib,
                    BuiltinCompressions.none));
        }
    }

    /** Before the connection service is made: keepalives for this connection. */
    void configureKeepAlive(Session session) {
        Duration interval = this.options.keepAliveInterval();
        if (!interval.isZero()) {
            // As OpenSSH's ServerAliveInterval/CountMax: a request that wants a reply; any reply will do.
            CoreModuleProperties.HEARTBEAT_INTERVAL.set(session, interval);
            CoreModuleProperties.HEARTBEAT_REQUEST.set(session, "keepalive@openssh.com");
            CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(session, interval);
            CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(session, this.options.keepAliveCountMax());
        }
    }

    boolean verify(ClientSession session, SocketAddress address, PublicKey key) {
        HostKeyPolicy policy = this.options.hostKeyPolicy();
        if (policy == HostKeyPolicy.IGNORE) {
            log.debug("{}: host key {} accepted without checking (IGNORE)", this.target, KeyUtils.getFingerPrint(key));
            return true;
        }
        Path file = (this.options.knownHosts() != null) ? this.options.knownHosts()
                : Paths.get(System.getProperty("user.home"), ".ssh", "known_hosts");
        return new KnownHosts(this, policy, file).verifyServerKey(session, address, key);
    }

    /** The attempt a session was connected for, or null (a session this class did not make). */
    static Attempt of(ClientSession session) {
        AttributeRepository context = session.getConnectionContext();
        return (context != null) ? context.getAttribute(KEY) : null;
    }

    /** MINA's connection service, with the keepalives of the connection it is made for. */
    static final class KeepAliveServiceFactory extends ClientConnectionServiceFactory {

        @Override
        public Service create(Session session) throws IOException {
            Attempt attempt = of((ClientSession) session);
            if (attempt != null) {
                attempt.configureKeepAlive(session);
            }
            return super.create(session);
        }
    }
}
