package io.mitogen.core.internal.transport.ssh;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientConnectionServiceFactory;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.ServiceFactory;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;

import io.mitogen.core.AuthenticationFailedException;
import io.mitogen.core.ConnectFailedException;
import io.mitogen.core.ConnectTimeoutException;
import io.mitogen.core.ConnectionOptions;
import io.mitogen.core.ConnectionRefusedException;
import io.mitogen.core.HostKeyException;
import io.mitogen.core.SshOptions;
import io.mitogen.core.internal.connection.Link;
import io.mitogen.core.internal.connection.Transport;
import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.transport.StderrCollector;

/**
 * The {@code ssh} connection method over the Apache MINA SSHD client: one {@link SshClient}
 * (with its I/O threads) per router, made on first use; one ssh connection per context, whose
 * exec channel runs {@code sh -c 'BOOT'} so that the remote login shell does not matter.
 *
 * <p>Each connection's settings travel with it as a connection context attribute, so one client
 * serves connections with different host key policies, known hosts files, compression and
 * keepalives. Everything is bounded by the connect timeout: connecting, the key exchange, logging
 * in, and opening the channel, and each failure is the exception that says why.
 *
 * <p>Not in the core bundle: a child that opens an ssh connection (a {@code via} hop) loads this
 * package and MINA from its parent. MINA then finds no BouncyCastle (it asks, and is told no) and
 * uses the JDK's providers; Ed25519 comes from {@code net.i2p.crypto:eddsa}, loaded the same way.
 *
 * <p>Its parts: {@link Target} (where to connect, after the ssh config), {@link Attempt} (one
 * connection's settings, applied to MINA's session), {@link KnownHosts} (the host key check),
 * {@link Identities} (the keys offered) and {@link Machine} (this host, for messages).
 */
public final class SshTransport implements Transport {

    private static final Log log = Log.get(SshTransport.class);


    private final SshClient client;

    public SshTransport() {
        SshClient client = SshClient.setUpDefaultClient();
        // AES-GCM first: the JDK does it with AES-NI and GHASH intrinsics, where MINA's default
        // first choice, chacha20-poly1305, is plain Java: ~1.7-2.3x the bulk rate against OpenSSH
        // here. The server still picks from the whole list, in this order.
        List<NamedFactory<Cipher>> ciphers = new ArrayList<>(client.getCipherFactories());
        ciphers.sort(java.util.Comparator.comparingInt((factory) -> factory.getName().contains("-gcm@") ? 0 : 1));
        client.setCipherFactories(ciphers);
        // Named, not looked up: no ServiceLoader round trip in a child, and no surprise provider.
        client.setIoServiceFactoryFactory(new Nio2ServiceFactoryFactory());
        // Configuration, identities and host keys are this class's business, per connection.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        // On the client, not per session: MINA's user-auth service reads the list when the session
        // is created, before login() could set it. Without a key or a password, a method has
        // nothing to send and passes at once to the next.
        client.setUserAuthFactories(List.of(SignedFirstPublicKey.FACTORY, UserAuthKeyboardInteractiveFactory.INSTANCE,
                UserAuthPasswordFactory.INSTANCE));
        client.setServerKeyVerifier((session, address, key) -> Attempt.of(session).verify(session, address, key));
        client.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                Attempt attempt = Attempt.of((ClientSession) session);
                if (attempt != null) {
                    attempt.configure(session);
                }
            }
        });
        // A context may be quiet for hours; keepalives, not an idle timer, decide that it is lost.
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        client.start();
        // Keepalives are read when the connection service is made, inside the session's
        // constructor, before any listener hears of the session: set them in its factory
        // (start() filled in the default factories).
        List<ServiceFactory> services = new ArrayList<>();
        for (ServiceFactory factory : client.getServiceFactories()) {
            services.add((factory instanceof ClientConnectionServiceFactory) ? new Attempt.KeepAliveServiceFactory() : factory);
        }
        client.setServiceFactories(services);
        this.client = client;
    }

    @Override
    public Link start(ConnectionOptions options, String bootCommand, String javaPath, Duration timeout) {
        SshOptions ssh = (SshOptions) options;
        if (bootCommand.indexOf('\'') >= 0) {
            throw new IllegalArgumentException("the boot command must not contain a single quote");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Target target = Target.resolve(ssh);
        Attempt attempt = new Attempt(ssh, target);
        ClientSession session = connect(target, attempt, deadline, timeout);
        try {
            login(session, ssh, target, attempt, deadline, timeout);
            ChannelExec channel = session.createExecChannel("sh -c '" + bootCommand + "'");
            // Written from MINA's I/O threads (and closed when the channel closes): a thread per
            // context less than draining an inverted stream would take, in fleets of hundreds.
            StderrCollector stderr = StderrCollector.pushed(target.toString());
            channel.setErr(stderr);
            OpenFuture open = channel.open();
            if (!open.await(left(deadline))) {
                throw new ConnectTimeoutException(target + ": logged in, but the exec channel did not open within " + timeout
                        + "; the server is slow or at its session limit (sshd's MaxSessions): raise connectTimeout(...)"
                        + " or retry");
            }
            if (!open.isOpened()) {
                Throwable why = open.getException();
                throw new ConnectFailedException(target + ": logged in, but the server refused the exec channel"
                        + ((why != null) ? ": " + why.getMessage() : "") + "; the account must be allowed to run a"
                        + " command (no ForceCommand, no command= or restrict in its authorized_keys, a real shell)",
                        why);
            }
            log.debug("{}: logged in, running the boot command", target);
            return new SshLink(session, channel, stderr, target + " (java " + javaPath + ")");
        }
        catch (IOException ex) {
            session.close(true);
            throw new ConnectFailedException(target + ": the connection failed after logging in: " + ex.getMessage()
                    + "; retry, and if it persists see the server's log (journalctl -u sshd) for why it closed", ex);
        }
        catch (RuntimeException ex) {
            session.close(true);
            throw ex;
        }
    }

    @Override
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        this.client.close(false).addListener((future) -> closed.complete(null));
        return closed;
    }

    private ClientSession connect(Target target, Attempt attempt, long deadline, Duration timeout) {
        ConnectFuture connecting;
        try {
            connecting = this.client.connect(target.username, target.host, target.port,
                    AttributeRepository.ofKeyValuePair(Attempt.KEY, attempt), null);
        }
        catch (IOException ex) {
            throw connectFailure(target, ex);
        }
        if (!await(connecting, deadline, target)) {
            connecting.cancel();
            throw new ConnectTimeoutException(target + ": no connection within " + timeout + "; check the host and port"
                    + " (a firewall that drops packets looks like this), or raise connectTimeout(...) for a slow network");
        }
        Throwable failure = connecting.getException();
        if (failure != null) {
            throw connectFailure(target, failure);
        }
        return connecting.getSession();
    }

    private static void login(ClientSession session, SshOptions ssh, Target target, Attempt attempt, long deadline,
            Duration timeout) {
        List<String> offered = new ArrayList<>();
        int keys = Identities.load(session, ssh, target);
        if (keys > 0) {
            offered.add("publickey (" + keys + ((keys == 1) ? " key)" : " keys)"));
        }
        if (ssh.password() != null) {
            session.addPasswordIdentity(ssh.password().reveal());
            offered.add("keyboard-interactive");
            offered.add("password");
        }
        if (offered.isEmpty()) {
            throw new AuthenticationFailedException(target + ": nothing to log in with: no password, and no identity "
                    + "file was given, configured or found in " + Paths.get(System.getProperty("user.home"), ".ssh")
                    + " of user " + System.getProperty("user.name") + " on "
                    + Machine.hostname() + "; give one with password(...), identityFile(...) or identityKey(...)");
        }
        AuthFuture auth;
        try {
            auth = session.auth();
        }
        catch (IOException ex) {
            throw failure(target, attempt, ex, offered);
        }
        if (!await(auth, deadline, target)) {
            HostKeyException rejected = attempt.rejected;
            if (rejected != null) {
                throw rejected;
            }
            throw new ConnectTimeoutException(target + ": not logged in within " + timeout + " (the server "
                    + (session.getServerVersion() == null ? "never said which ssh it is: is it an ssh server?"
                            : "was too slow: its DNS lookups (UseDNS) or PAM can cause this") + "); check the port,"
                    + " or raise connectTimeout(...)");
        }
        if (!auth.isSuccess()) {
            throw failure(target, attempt, auth.getException(), offered);
        }
    }

    /** Why logging in failed: the host key (recorded by the verifier), else the credentials. */
    private static ConnectFailedException failure(Target target, Attempt attempt, Throwable cause, List<String> offered) {
        HostKeyException rejected = attempt.rejected;
        if (rejected != null) {
            return rejected;
        }
        String message = (cause != null) ? String.valueOf(cause.getMessage()) : "";
        if (message.contains("No more authentication methods") || message.contains("Too many authentication failures")) {
            return new AuthenticationFailedException(target + ": authentication failed: the server accepted none of "
                    + String.join(", ", offered) + "; check the user name, that the user's ~/.ssh/authorized_keys"
                    + " there has the public key, or the password (not shown here)");
        }
        return new ConnectFailedException(target + ": the connection failed while logging in: " + message
                + "; retry, and if it persists see the server's log (journalctl -u sshd) for why it closed", cause);
    }

    private static ConnectFailedException connectFailure(Target target, Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            return new ConnectionRefusedException(target + ": " + ((root instanceof ConnectException)
                    ? "connection refused (nothing listens there): " + root.getMessage() + "; check the port"
                            + " (port(...) or Port in ~/.ssh/config) and that sshd runs there"
                    : "no route to host: " + root.getMessage() + "; check the address and that the host is up"
                            + " and on a network this machine reaches"), failure);
        }
        if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
            return new ConnectFailedException(target + ": unknown host '" + target.host + "': the name does not resolve on "
                    + Machine.hostname() + " (" + root.getMessage() + "); check its spelling, give an address, or"
                    + " a Host alias with HostName in ~/.ssh/config", failure);
        }
        if (root instanceof SocketTimeoutException || root instanceof java.nio.channels.InterruptedByTimeoutException) {
            return new ConnectTimeoutException(target + ": connecting timed out (" + root.getMessage() + "); check the host"
                    + " and port, or raise connectTimeout(...)", failure);
        }
        return new ConnectFailedException(target + ": cannot connect: " + root + "; check the host name and port",
                failure);
    }

    private static boolean await(org.apache.sshd.common.future.WaitableFuture future, long deadline, Target target) {
        try {
            return future.await(left(deadline));
        }
        catch (IOException ex) {
            throw new ConnectFailedException(target + ": interrupted while connecting (the connecting thread was)", ex);
        }
    }

    private static long left(long deadline) {
        return Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
    }
}
