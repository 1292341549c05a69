package io.mitogen.core;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options for {@link Router#ssh(SshOptions)}: a child JVM on another machine, started over an
 * ssh connection that this JVM (or the {@code via} context) opens with Apache MINA SSHD; no
 * {@code ssh} program is needed, and the far side needs only a {@code java} on its PATH.
 *
 * <pre>{@code
 * Context web = router.ssh(SshOptions.builder("web1.example.com").username("deploy")
 *         .identityFile(Path.of("/home/me/.ssh/id_ed25519")).build());
 * Context db = router.ssh(SshOptions.builder("10.0.0.12").password("...")
 *         .hostKeyPolicy(HostKeyPolicy.ACCEPT_NEW).via(web).build());   // opened by web1
 * }</pre>
 *
 * <p>Like OpenSSH, options not given are taken from the ssh client configuration
 * ({@code ~/.ssh/config}: {@code Host} aliases, {@code HostName}, {@code Port}, {@code User},
 * {@code IdentityFile}); options given here win. Without identity files (given or configured),
 * {@code ~/.ssh/id_ed25519}, {@code id_ecdsa} and {@code id_rsa} are tried when they exist.
 *
 * <p><b>Where files are read.</b> Identity files, the known hosts file and the client
 * configuration are read by the context that opens the connection: this JVM, or the
 * {@code via} context on its own machine. To use a key of this machine for a hop that another
 * context opens, pass its content with {@link Builder#identityKey(String, String)}; it then
 * travels to that context like a password does, as a {@link Secret}.
 */
public final class SshOptions extends ConnectionOptions {

    // Over 400 lines for a reason: ssh has the most options of any method, and each is a
    // documented getter and builder setter; the code that uses them is in internal.transport.ssh.

    /** How often a keepalive is sent when nothing else is, unless told otherwise. */
    public static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofSeconds(15);

    /** How many keepalives may go unanswered before the connection counts as lost. */
    public static final int DEFAULT_KEEPALIVE_COUNT_MAX = 3;

    private final String hostname;

    private final int port;

    private final String username;

    private final List<Identity> identities;

    private final Secret password;

    private final Path knownHosts;

    private final HostKeyPolicy hostKeyPolicy;

    private final Duration keepAliveInterval;

    private final int keepAliveCountMax;

    private final boolean compression;

    private final boolean sshConfig;

    private final Path sshConfigFile;

    private SshOptions(Builder builder) {
        super(builder);
        this.hostname = builder.hostname;
        this.port = builder.port;
        this.username = builder.username;
        this.identities = Collections.unmodifiableList(new ArrayList<>(builder.identities));
        this.password = builder.password;
        this.knownHosts = builder.knownHosts;
        this.hostKeyPolicy = builder.hostKeyPolicy;
        this.keepAliveInterval = builder.keepAliveInterval;
        this.keepAliveCountMax = builder.keepAliveCountMax;
        this.compression = builder.compression;
        this.sshConfig = builder.sshConfig;
        this.sshConfigFile = builder.sshConfigFile;
    }

    /** A builder for a connection to {@code hostname} (a name, an address, or a {@code Host} alias of the ssh config). */
    public static Builder builder(String hostname) {
        return new Builder(hostname);
    }

    @Override
    public String method() {
        return "ssh";
    }

    /** The host as given: a name, an address, or an alias that the ssh config resolves. */
    public String hostname() {
        return this.hostname;
    }

    /** The port, or {@code 0} for the ssh config's, else 22. */
    public int port() {
        return this.port;
    }

    /** The user to log in as, or {@code null} for the ssh config's, else the local user's name. */
    public String username() {
        return this.username;
    }

    /** The identities (private keys) to offer, in order; empty for the configured or default ones. */
    public List<Identity> identities() {
        return this.identities;
    }

    /** The password for the {@code password} and {@code keyboard-interactive} methods, or {@code null}. */
    public Secret password() {
        return this.password;
    }

    /** The known hosts file, or {@code null} for {@code ~/.ssh/known_hosts} of the connecting machine. */
    public Path knownHosts() {
        return this.knownHosts;
    }

    /** What is done with the server's host key. */
    public HostKeyPolicy hostKeyPolicy() {
        return this.hostKeyPolicy;
    }

    /** How often a keepalive is sent when the connection is quiet; zero when off. */
    public Duration keepAliveInterval() {
        return this.keepAliveInterval;
    }

    /** How many keepalives may go unanswered before the connection counts as lost. */
    public int keepAliveCountMax() {
        return this.keepAliveCountMax;
    }

    /** Whether zlib compression is offered to the server. */
    public boolean compression() {
        return this.compression;
    }

    /** Whether the ssh client configuration is read. */
    public boolean sshConfig() {
        return this.sshConfig;
    }

    /** The ssh client configuration file, or {@code null} for {@code ~/.ssh/config} of the connecting machine. */
    public Path sshConfigFile() {
        return this.sshConfigFile;
    }

    @Override
    Map<String, Object> toWire() {
        Map<String, Object> wire = super.toWire();
        wire.put("hostname", this.hostname);
        wire.put("port", this.port);
        wire.put("username", this.username);
        List<Object> identities = new ArrayList<>();
        for (Identity identity : this.identities) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("file", (identity.file != null) ? identity.file.toString() : null);
            one.put("key", identity.key);
            one.put("passphrase", identity.passphrase);
            identities.add(one);
        }
        wire.put("identities", identities);
        wire.put("password", this.password);
        wire.put("knownHosts", (this.knownHosts != null) ? this.knownHosts.toString() : null);
        wire.put("hostKeyPolicy", this.hostKeyPolicy.name());
        wire.put("keepAliveIntervalMillis", this.keepAliveInterval.toMillis());
        wire.put("keepAliveCountMax", this.keepAliveCountMax);
        wire.put("compression", this.compression);
        wire.put("sshConfig", this.sshConfig);
        wire.put("sshConfigFile", (this.sshConfigFile != null) ? this.sshConfigFile.toString() : null);
        return wire;
    }

    /** Options sent by a parent: paths are taken as paths of this (the connecting) machine. */
    static Builder fromWire(Map<String, Object> wire) {
        Builder builder = builder((String) wire.get("hostname"));
        builder.port(((Number) wire.get("port")).intValue());
        builder.username((String) wire.get("username"));
        for (Object item : (List<?>) wire.get("identities")) {
            Map<?, ?> one = (Map<?, ?>) item;
            String file = (String) one.get("file");
            Secret key = (Secret) one.get("key");
            builder.identities.add(new Identity((file != null) ? Paths.get(file) : null, key, (Secret) one.get("passphrase")));
        }
        builder.password = (Secret) wire.get("password");
        String knownHosts = (String) wire.get("knownHosts");
        builder.knownHosts((knownHosts != null) ? Paths.get(knownHosts) : null);
        builder.hostKeyPolicy(HostKeyPolicy.valueOf((String) wire.get("hostKeyPolicy")));
        builder.keepAliveInterval(Duration.ofMillis(((Number) wire.get("keepAliveIntervalMillis")).longValue()));
        builder.keepAliveCountMax(((Number) wire.get("keepAliveCountMax")).intValue());
        builder.compression(Boolean.TRUE.equals(wire.get("compression")));
        String configFile = (String) wire.get("sshConfigFile");
        builder.sshConfig(Boolean.TRUE.equals(wire.get("sshConfig")));
        builder.sshConfigFile = (configFile != null) ? Paths.get(configFile) : null;
        return builder;
    }

    /** Never shows a secret: the password and keys are {@code ******}. */
    @Override
    public String toString() {
        return "SshOptions(" + ((this.username != null) ? this.username + "@" : "") + this.hostname
                + ((this.port != 0) ? ":" + this.port : "") + ", identities=" + this.identities + ", password="
                + ((this.password != null) ? this.password : "none") + ", knownHosts=" + this.knownHosts
                + ", hostKeyPolicy=" + this.hostKeyPolicy + ", keepAlive=" + this.keepAliveInterval + "x"
                + this.keepAliveCountMax + ", compression=" + this.compression + ", sshConfig="
                + (this.sshConfig ? ((this.sshConfigFile != null) ? this.sshConfigFile.toString() : "default") : "off")
                + ", remoteName=" + remoteName() + ", via=" + via() + ", javaPath=" + javaPath() + ", jvmArgs="
                + jvmArgs() + ", connectTimeout=" + connectTimeout() + ")";
    }

    /**
     * A private key to offer: a file of the connecting machine, or the key's own text (OpenSSH or
     * PEM format), optionally encrypted with a passphrase.
     */
    public static final class Identity {

        private final Path file;

        private final Secret key;

        private final Secret passphrase;

        Identity(Path file, Secret key, Secret passphrase) {
            this.file = file;
            this.key = key;
            this.passphrase = passphrase;
        }

        /** The key file, or {@code null} for a key given as text. */
        public Path file() {
            return this.file;
        }

        /** The key's text, or {@code null} for a key file. */
        public Secret key() {
            return this.key;
        }

        /** The passphrase that decrypts the key, or {@code null}. */
        public Secret passphrase() {
            return this.passphrase;
        }

        @Override
        public String toString() {
            return ((this.file != null) ? this.file.toString() : "key ******") + ((this.passphrase != null) ? " (passphrase ******)" : "");
        }
    }

    /** Builds {@link SshOptions}. */
    public static final class Builder extends ConnectionOptions.Builder<Builder> {

        private final String hostname;

        private int port;

        private String username;

        private final List<Identity> identities = new ArrayList<>();

        private Secret password;

        private Path knownHosts;

        private HostKeyPolicy hostKeyPolicy = HostKeyPolicy.ENFORCE;

        private Duration keepAliveInterval = DEFAULT_KEEPALIVE_INTERVAL;

        private int keepAliveCountMax = DEFAULT_KEEPALIVE_COUNT_MAX;

        private boolean compression;

        private boolean sshConfig = true;

        private Path sshConfigFile;

        private Builder(String hostname) {
            if (hostname == null || hostname.isEmpty() || !hostname.matches("[^\\s/\\\\'\"`$;&|<>]+")) {
                throw new InvalidOptionsException("hostname '" + hostname + "' is not a host name, address or alias");
            }
            this.hostname = hostname;
        }

        /** The server's port (default: the ssh config's, else 22). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new InvalidOptionsException("port must be 1-65535 (or 0 for the default), not " + port);
            }
            this.port = port;
            return this;
        }

        /** The user to log in as (default: the ssh config's, else the local user's name). */
        public Builder username(String username) {
            if (username != null && (username.isEmpty() || !username.matches("[^\\s:@]+"))) {
                throw new InvalidOptionsException("username '" + username + "' is not a user name");
            }
            this.username = username;
            return this;
        }

        /** Private key files to offer, unencrypted ones, in order (added to those given before). */
        public Builder identityFile(Path... files) {
            for (Path file : files) {
                identityFile(file, null);
            }
            return this;
        }

        /** A private key file encrypted with {@code passphrase} ({@code null} for none). */
        public Builder identityFile(Path file, String passphrase) {
            if (file == null) {
                throw new InvalidOptionsException("identityFile must not be null");
            }
            this.identities.add(new Identity(file, null, Secret.of(passphrase)));
            return this;
        }

        /**
         * A private key given as its text (OpenSSH or PEM format), encrypted with
         * {@code passphrase} ({@code null} for none). Unlike a file, it goes to a {@code via}
         * context with the options, as a {@link Secret}.
         */
        public Builder identityKey(String privateKey, String passphrase) {
            if (privateKey == null || privateKey.isEmpty()) {
                throw new InvalidOptionsException("identityKey must not be empty");
            }
            this.identities.add(new Identity(null, Secret.of(privateKey), Secret.of(passphrase)));
            return this;
        }

        /** The password, for the {@code password} and {@code keyboard-interactive} methods. */
        public Builder password(String password) {
            this.password = Secret.of(password);
            return this;
        }

        /** The known hosts file (default {@code ~/.ssh/known_hosts} of the connecting machine). */
        public Builder knownHosts(Path knownHosts) {
            this.knownHosts = knownHosts;
            return this;
        }

        /** What is done with the server's host key (default {@link HostKeyPolicy#ENFORCE}). */
        public Builder hostKeyPolicy(HostKeyPolicy policy) {
            if (policy == null) {
                throw new InvalidOptionsException("hostKeyPolicy must not be null");
            }
            this.hostKeyPolicy = policy;
            return this;
        }

        /** How often a keepalive is sent when the connection is quiet (default 15 s; zero turns keepalives off). */
        public Builder keepAliveInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new InvalidOptionsException("keepAliveInterval must be zero or positive, not " + interval);
            }
            this.keepAliveInterval = interval;
            return this;
        }

        /** How many keepalives may go unanswered before the connection counts as lost (default 3). */
        public Builder keepAliveCountMax(int count) {
            if (count < 1) {
                throw new InvalidOptionsException("keepAliveCountMax must be at least 1, not " + count);
            }
            this.keepAliveCountMax = count;
            return this;
        }

        /** Offers zlib compression (default off: it costs CPU and pays only on slow links). */
        public Builder compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        /** Whether {@code ~/.ssh/config} of the connecting machine is read (default yes). */
        public Builder sshConfig(boolean read) {
            this.sshConfig = read;
            if (!read) {
                this.sshConfigFile = null;
            }
            return this;
        }

        /** Reads this ssh client configuration file instead of {@code ~/.ssh/config}. */
        public Builder sshConfig(Path file) {
            if (file == null) {
                throw new InvalidOptionsException("sshConfig file must not be null (use sshConfig(false) to read none)");
            }
            this.sshConfig = true;
            this.sshConfigFile = file;
            return this;
        }

        /** The options; throws {@link InvalidOptionsException} naming any bad value. */
        public SshOptions build() {
            return new SshOptions(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
