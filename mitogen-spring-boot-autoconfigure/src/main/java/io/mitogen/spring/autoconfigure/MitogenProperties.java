package io.mitogen.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

import io.mitogen.core.HostKeyPolicy;
import io.mitogen.core.SetnsOptions;

/**
 * Configuration properties for mitogen: the hosts an application reaches and how.
 * <p>
 * Longer than 400 lines for a reason: it is a value holder, nearly all fields with their Javadoc
 * (the source of the configuration metadata, so they cannot be shortened to nothing) and plain
 * accessors. {@link Host}, {@link Transport}, {@link Health} and {@link Reconnect} stay nested
 * so that their public names ({@code MitogenProperties.Host}, ...) do not change.
 *
 * <pre>
 * mitogen:
 *   hosts:
 *     bastion:
 *       transport: ssh
 *       hostname: jump-box.example.com
 *       username: ops
 *     billing:
 *       transport: local
 *       via: bastion
 * </pre>
 */
@ConfigurationProperties("mitogen")
public class MitogenProperties implements InitializingBean {

    /**
     * Whether to enable mitogen's auto-configuration.
     */
    private boolean enabled = true;

    /**
     * How long children get to exit when the application stops before they are killed; must be
     * positive.
     */
    private Duration shutdownGrace = Duration.ofSeconds(5);

    /**
     * Lifecycle phase of the broker; the default stops it after the web server has drained.
     */
    private int lifecyclePhase = 0;

    /**
     * Hosts by name: each is a context started by one transport, possibly through another host.
     */
    private Map<String, Host> hosts = new LinkedHashMap<>();

    /**
     * Health of the hosts.
     */
    private final Health health = new Health();

    /**
     * Reconnection after a host was lost.
     */
    private final Reconnect reconnect = new Reconnect();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getShutdownGrace() {
        return this.shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
    }

    public int getLifecyclePhase() {
        return this.lifecyclePhase;
    }

    public void setLifecyclePhase(int lifecyclePhase) {
        this.lifecyclePhase = lifecyclePhase;
    }

    public Map<String, Host> getHosts() {
        return this.hosts;
    }

    public void setHosts(Map<String, Host> hosts) {
        this.hosts = hosts;
    }

    public Health getHealth() {
        return this.health;
    }

    public Reconnect getReconnect() {
        return this.reconnect;
    }

    /**
     * Checks every value once it is bound, before any bean uses it: a value that cannot work
     * stops the application with a {@link MitogenConfigurationException} naming its property.
     */
    @Override
    public void afterPropertiesSet() {
        MitogenPropertiesValidator.validate(this);
    }

    /** When a host is connected. */
    public enum Connect {

        /** On first use ({@code contexts.get(name)}). */
        LAZY,

        /** When the application starts. */
        EAGER

    }

    /**
     * How a host is reached. Each transport reads the keys every host has ({@link #COMMON_KEYS})
     * and its own ({@link #keys()}); any other key set on a host is refused at start-up.
     */
    public enum Transport {

        /** A child JVM on this machine, or on the via host's machine. */
        LOCAL(),

        /** ssh to hostname. */
        SSH("hostname", "port", "username", "password", "identity-file", "known-hosts", "host-key-policy"),

        /** sudo to username (default root), answering the password prompt. */
        SUDO("username", "password", "login"),

        /** su to username, answering the password prompt. */
        SU("username", "password", "login"),

        /** doas to username. */
        DOAS("username", "password"),

        /** docker exec into container, or a temporary container from image. */
        DOCKER("container", "image", "username"),

        /** podman exec into container, or a temporary container from image. */
        PODMAN("container", "image", "username"),

        /** kubectl exec into pod (and container) in namespace. */
        KUBECTL("pod", "container", "namespace"),

        /** lxc-attach into container. */
        LXC("container"),

        /** incus exec into container. */
        INCUS("container"),

        /** lxc exec into container (LXD). */
        LXD("container"),

        /** buildah run in container. */
        BUILDAH("container", "username"),

        /** jexec into jail (FreeBSD). */
        JAIL("jail", "username"),

        /** nsenter into a container's namespaces (kind and container, or pid). */
        SETNS("kind", "container", "pid", "username");

        /** The keys every host reads, whatever its transport (kebab-case). */
        public static final List<String> COMMON_KEYS = List.of("transport", "via", "connect", "keep-connected",
                "java-path", "jvm-args", "remote-name", "connect-timeout");

        private final List<String> keys;

        Transport(String... keys) {
            this.keys = List.of(keys);
        }

        /** The keys only this transport reads (kebab-case), besides {@link #COMMON_KEYS}. */
        public List<String> keys() {
            return this.keys;
        }

        /** Every key a host with this transport reads (kebab-case). */
        public List<String> allKeys() {
            List<String> all = new ArrayList<>(COMMON_KEYS);
            all.addAll(this.keys);
            return all;
        }

        /** The name as written in configuration, e.g. {@code ssh}. */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

    }

    /**
     * One host. Besides the keys every host has ({@link Transport#COMMON_KEYS}), each transport
     * reads only its own keys ({@link Transport#keys()}, given with each constant; the guide's
     * Transports table says which are required).
     * Any other key set on a host (a typo, or a key its transport does not read) stops the
     * application at start-up, naming the key, where it was set and the keys the transport reads.
     * A missing required key, a bad value, and keys that contradict each other (both
     * {@code container} and {@code image}; a {@code pid} with a {@code kind} or {@code container})
     * stop the application at start-up, naming the property.
     * <p>
     * Not a bean, and never bound by this annotation: {@link MitogenProperties#getHosts()} binds
     * each host. The annotation is for Boot's configuration processor, which otherwise describes
     * {@code mitogen.hosts} only as a map of this class; with it, the metadata names every key as
     * {@code mitogen.hosts.*.<key>}, described from the fields' Javadoc, with no hand-written copy
     * to drift ({@code MitogenConfigurationMetadataTests} checks it).
     */
    @ConfigurationProperties("mitogen.hosts.*")
    public static class Host {

        /**
         * How to reach the host, such as local, ssh, sudo or docker; required. Each transport
         * reads its own keys besides the ones every host has.
         */
        private @Nullable Transport transport;

        /**
         * Another host (by name) that starts this one, e.g. a bastion.
         */
        private @Nullable String via;

        /**
         * Whether to connect on first use or when the application starts.
         */
        private Connect connect = Connect.LAZY;

        /**
         * Whether a lost host is reconnected in the background (with the reconnect back-off)
         * rather than on its next use.
         */
        private boolean keepConnected;

        /**
         * Host name or address to connect to (ssh).
         */
        private @Nullable String hostname;

        /**
         * Port to connect to (ssh); default: the ssh config's Port for the host, else 22.
         */
        private @Nullable Integer port;

        /**
         * User to log in as (ssh), to become (sudo, su, doas; default root), or to run as inside
         * the container or jail (docker, podman, buildah, jail, setns).
         */
        private @Nullable String username;

        /**
         * Password for the transport (ssh, sudo, su, doas); never logged or shown, and masked in
         * the actuator's configprops and env endpoints.
         */
        private @Nullable String password;

        /**
         * Private key files to authenticate with (ssh).
         */
        private List<String> identityFile = new ArrayList<>();

        /**
         * known_hosts file used to check the host key (ssh).
         */
        private @Nullable String knownHosts;

        /**
         * What to do with an unknown or changed host key: enforce, accept-new or ignore (ssh).
         */
        private @Nullable HostKeyPolicy hostKeyPolicy;

        /**
         * Container name or id (docker, podman, lxc, incus, lxd, buildah, setns), or the
         * container within the pod (kubectl).
         */
        private @Nullable String container;

        /**
         * Image to run a temporary container from, instead of a container (docker, podman);
         * setting both is refused.
         */
        private @Nullable String image;

        /**
         * Pod name (kubectl).
         */
        private @Nullable String pod;

        /**
         * Namespace of the pod (kubectl).
         */
        private @Nullable String namespace;

        /**
         * Jail name or id (jail).
         */
        private @Nullable String jail;

        /**
         * Container runtime whose container to enter: docker, podman, lxc, lxd or machinectl (setns).
         */
        private SetnsOptions.@Nullable Kind kind;

        /**
         * Process id whose namespaces to enter, instead of kind and container (setns); setting it
         * with either is refused.
         */
        private @Nullable Long pid;

        /**
         * Whether to start a login shell for the user (sudo, su).
         */
        private boolean login;

        /**
         * The java to run on the host; default: this JVM's for local, "java" on the PATH elsewhere.
         */
        private @Nullable String javaPath;

        /**
         * Extra JVM arguments for the child, after mitogen's defaults.
         */
        private List<String> jvmArgs = new ArrayList<>();

        /**
         * Name the child shows in ps and logs; default: mitogen:user@host:pid.
         */
        private @Nullable String remoteName;

        /**
         * How long the child may take to become ready.
         */
        private Duration connectTimeout = Duration.ofSeconds(30);

        public @Nullable Transport getTransport() {
            return this.transport;
        }

        public void setTransport(@Nullable Transport transport) {
            this.transport = transport;
        }

        public @Nullable String getVia() {
            return this.via;
        }

        public void setVia(@Nullable String via) {
            this.via = via;
        }

        public Connect getConnect() {
            return this.connect;
        }

        public void setConnect(Connect connect) {
            this.connect = connect;
        }

        public boolean isKeepConnected() {
            return this.keepConnected;
        }

        public void setKeepConnected(boolean keepConnected) {
            this.keepConnected = keepConnected;
        }

        public @Nullable String getHostname() {
            return this.hostname;
        }

        public void setHostname(@Nullable String hostname) {
            this.hostname = hostname;
        }

        public @Nullable Integer getPort() {
            return this.port;
        }

        public void setPort(@Nullable Integer port) {
            this.port = port;
        }

        public @Nullable String getUsername() {
            return this.username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getPassword() {
            return this.password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public List<String> getIdentityFile() {
            return this.identityFile;
        }

        public void setIdentityFile(List<String> identityFile) {
            this.identityFile = identityFile;
        }

        public @Nullable String getKnownHosts() {
            return this.knownHosts;
        }

        public void setKnownHosts(@Nullable String knownHosts) {
            this.knownHosts = knownHosts;
        }

        public @Nullable HostKeyPolicy getHostKeyPolicy() {
            return this.hostKeyPolicy;
        }

        public void setHostKeyPolicy(@Nullable HostKeyPolicy hostKeyPolicy) {
            this.hostKeyPolicy = hostKeyPolicy;
        }

        public @Nullable String getContainer() {
            return this.container;
        }

        public void setContainer(@Nullable String container) {
            this.container = container;
        }

        public @Nullable String getPod() {
            return this.pod;
        }

        public void setPod(@Nullable String pod) {
            this.pod = pod;
        }

        public @Nullable String getImage() {
            return this.image;
        }

        public void setImage(@Nullable String image) {
            this.image = image;
        }

        public @Nullable String getNamespace() {
            return this.namespace;
        }

        public void setNamespace(@Nullable String namespace) {
            this.namespace = namespace;
        }

        public @Nullable String getJail() {
            return this.jail;
        }

        public void setJail(@Nullable String jail) {
            this.jail = jail;
        }

        public SetnsOptions.@Nullable Kind getKind() {
            return this.kind;
        }

        public void setKind(SetnsOptions.@Nullable Kind kind) {
            this.kind = kind;
        }

        public @Nullable Long getPid() {
            return this.pid;
        }

        public void setPid(@Nullable Long pid) {
            this.pid = pid;
        }

        public boolean isLogin() {
            return this.login;
        }

        public void setLogin(boolean login) {
            this.login = login;
        }

        public @Nullable String getJavaPath() {
            return this.javaPath;
        }

        public void setJavaPath(@Nullable String javaPath) {
            this.javaPath = javaPath;
        }

        public List<String> getJvmArgs() {
            return this.jvmArgs;
        }

        public void setJvmArgs(List<String> jvmArgs) {
            this.jvmArgs = jvmArgs;
        }

        public @Nullable String getRemoteName() {
            return this.remoteName;
        }

        public void setRemoteName(@Nullable String remoteName) {
            this.remoteName = remoteName;
        }

        public Duration getConnectTimeout() {
            return this.connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

    }

    /** Health of the hosts ({@code /actuator/health/mitogen/<host>}). */
    public static class Health {

        /**
         * Longest a health check waits for a host's answer; must be positive.
         */
        private Duration timeout = Duration.ofSeconds(2);

        /**
         * Whether a health check connects a host that is not connected: one never used, or one
         * whose link was lost (otherwise the first is reported as UNKNOWN until first use, the
         * second as DOWN until its next use). A host that failed is left to its back-off.
         */
        private boolean connect = false;

        /**
         * Status a host reports when it cannot be reached (lost, or failed to connect). The
         * default, UNREACHABLE, is not in Boot's status order, so one such host does not make the
         * application DOWN; set it to DOWN to make it so.
         */
        private String unreachableStatus = "UNREACHABLE";

        public String getUnreachableStatus() {
            return this.unreachableStatus;
        }

        public void setUnreachableStatus(String unreachableStatus) {
            this.unreachableStatus = unreachableStatus;
        }

        public Duration getTimeout() {
            return this.timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public boolean isConnect() {
            return this.connect;
        }

        public void setConnect(boolean connect) {
            this.connect = connect;
        }

    }

    /** Reconnection of a host that was lost or failed to connect. */
    public static class Reconnect {

        /**
         * Wait before the first retry after a failure; it doubles with each further failure.
         * Zero or positive.
         */
        private Duration initialBackoff = Duration.ofSeconds(1);

        /**
         * Longest wait between retries; not shorter than the initial back-off.
         */
        private Duration maxBackoff = Duration.ofSeconds(60);

        public Duration getInitialBackoff() {
            return this.initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return this.maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

    }

}
