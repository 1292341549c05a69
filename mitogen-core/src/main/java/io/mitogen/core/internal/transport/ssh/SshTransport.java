package io.mitogen.core.internal.transport.ssh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientConnectionServiceFactory;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.ServiceFactory;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.compression.BuiltinCompressions;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

import io.mitogen.core.AuthenticationFailedException;
import io.mitogen.core.ConnectFailedException;
import io.mitogen.core.ConnectTimeoutException;
import io.mitogen.core.ConnectionOptions;
import io.mitogen.core.ConnectionRefusedException;
import io.mitogen.core.HostKeyException;
import io.mitogen.core.HostKeyMismatchException;
import io.mitogen.core.HostKeyPolicy;
import io.mitogen.core.SshOptions;
import io.mitogen.core.UnknownHostKeyException;
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
 */
public final class SshTransport implements Transport {

    private static final Log log = Log.get(SshTransport.class);

    /** The settings and outcome of one connection attempt, as a connection context attribute. */
    static final AttributeKey<Attempt> ATTEMPT = new AttributeKey<>();

    private static final String[] DEFAULT_IDENTITIES = { "id_ed25519", "id_ecdsa", "id_rsa" };

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
        client.setServerKeyVerifier((session, address, key) -> attempt(session).verify(session, address, key));
        client.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                Attempt attempt = attempt((ClientSession) session);
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
            services.add((factory instanceof ClientConnectionServiceFactory) ? new KeepAliveServiceFactory() : factory);
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
                    AttributeRepository.ofKeyValuePair(ATTEMPT, attempt), null);
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

    private static Attempt attempt(ClientSession session) {
        AttributeRepository context = session.getConnectionContext();
        return (context != null) ? context.getAttribute(ATTEMPT) : null;
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

    /** Where to connect, after the ssh config: the resolved host, port and user. */
    static final class Target {

        final String host;

        final int port;

        final String username;

        final List<String> configuredIdentities;

        private Target(String host, int port, String username, List<String> configuredIdentities) {
            this.host = host;
            this.port = port;
            this.username = username;
            this.configuredIdentities = configuredIdentities;
        }

        static Target resolve(SshOptions ssh) {
            HostConfigEntry entry = null;
            if (ssh.sshConfig()) {
                Path file = (ssh.sshConfigFile() != null) ? ssh.sshConfigFile() : HostConfigEntry.getDefaultHostConfigFile();
                if (Files.exists(file)) {
                    try {
                        entry = new ConfigFileHostEntryResolver(file).resolveEffectiveHost(ssh.hostname(), ssh.port(), null,
                                ssh.username(), null, null);
                    }
                    catch (IOException | RuntimeException ex) {
                        throw new ConnectFailedException("ssh to " + ssh.hostname() + ": cannot read the ssh config " + file
                                + " on " + Machine.hostname() + ": " + ex.getMessage() + "; fix the file, or"
                                + " connect without it with sshConfig(false)", ex);
                    }
                }
                else if (ssh.sshConfigFile() != null) {
                    throw new ConnectFailedException("ssh to " + ssh.hostname() + ": the ssh config " + file
                            + " does not exist on " + Machine.hostname() + " (files are read by the context that"
                            + " opens the connection); check the path, or drop sshConfig(file)");
                }
            }
            String host = (entry != null && entry.getHostName() != null) ? entry.getHostName() : ssh.hostname();
            int port = (ssh.port() > 0) ? ssh.port() : (entry != null && entry.getPort() > 0) ? entry.getPort() : 22;
            String user = (ssh.username() != null) ? ssh.username()
                    : (entry != null && entry.getUsername() != null) ? entry.getUsername() : System.getProperty("user.name");
            List<String> identities = (entry != null && entry.getIdentities() != null)
                    ? new ArrayList<>(entry.getIdentities()) : new ArrayList<>();
            return new Target(host, port, user, identities);
        }

        /** The host as known hosts files name it: {@code host}, or {@code [host]:port} off port 22. */
        String knownHostsName() {
            return (this.port == 22) ? this.host : "[" + this.host + "]:" + this.port;
        }

        @Override
        public String toString() {
            return "ssh " + this.username + "@" + this.host + ":" + this.port;
        }
    }

    /** The settings of one connection and what its host key check found. */
    static final class Attempt {

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
    }

    /** MINA's connection service, with the keepalives of the connection it is made for. */
    private static final class KeepAliveServiceFactory extends ClientConnectionServiceFactory {

        @Override
        public Service create(Session session) throws IOException {
            Attempt attempt = attempt((ClientSession) session);
            if (attempt != null) {
                attempt.configureKeepAlive(session);
            }
            return super.create(session);
        }
    }

    /** MINA's known hosts check, with ENFORCE and ACCEPT_NEW's answers recorded as exceptions. */
    private static final class KnownHosts extends KnownHostsServerKeyVerifier {

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

    /** Loads the identities to offer into a session. */
    static final class Identities {

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

    /** This machine's name, for messages that say where a file was looked for. */
    private static final class Machine {

        private Machine() {
        }

        /** The owner and mode of {@code file}, for a permission error; empty if they cannot be read. */
        static String describe(Path file) {
            try {
                return " (owner " + Files.getOwner(file).getName() + ", mode "
                        + java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) + ")";
            }
            catch (IOException | RuntimeException ex) {
                return "";
            }
        }

        static String hostname() {
            try {
                return new String(Files.readAllBytes(Paths.get("/proc/sys/kernel/hostname")), StandardCharsets.UTF_8).trim();
            }
            catch (IOException | RuntimeException ex) {
                return "this machine";
            }
        }
    }
}
