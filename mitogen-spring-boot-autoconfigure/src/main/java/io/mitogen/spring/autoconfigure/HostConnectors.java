package io.mitogen.spring.autoconfigure;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.mitogen.core.BuildahOptions;
import io.mitogen.core.ConnectionOptions;
import io.mitogen.core.ContainerEngineOptions;
import io.mitogen.core.Context;
import io.mitogen.core.DoasOptions;
import io.mitogen.core.DockerOptions;
import io.mitogen.core.IncusOptions;
import io.mitogen.core.InvalidOptionsException;
import io.mitogen.core.JailOptions;
import io.mitogen.core.KubectlOptions;
import io.mitogen.core.LocalOptions;
import io.mitogen.core.LxcOptions;
import io.mitogen.core.LxdOptions;
import io.mitogen.core.PodmanOptions;
import io.mitogen.core.Router;
import io.mitogen.core.SetnsOptions;
import io.mitogen.core.SshOptions;
import io.mitogen.core.SuOptions;
import io.mitogen.core.SudoOptions;
import io.mitogen.core.UserSwitchOptions;
import io.mitogen.spring.autoconfigure.MitogenProperties.Host;
import io.mitogen.spring.autoconfigure.MitogenProperties.Transport;

/**
 * Checks {@code mitogen.hosts} at start-up and turns each host into the call that connects it.
 * Every problem names its property: an unknown transport or {@code via}, a {@code via} cycle,
 * a missing key the transport needs, conflicting keys, or an option the core refuses.
 */
final class HostConnectors {

    /** The transports this version can start, in the order the docs list them. */
    static final List<String> TRANSPORTS = java.util.Arrays.stream(Transport.values()).map(Transport::configName).toList();

    /** What a remote name may contain (the core's rule for values on the boot command line). */
    private static final java.util.regex.Pattern SAFE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private static final Map<Transport, Connector<?, ?>> CONNECTORS = connectors();

    private HostConnectors() {
    }

    /**
     * Builds every host's options once, without connecting: what a transport requires and what
     * the core refuses fail here, naming the property ({@link MitogenPropertiesValidator} calls it).
     */
    static void check(Map<String, Host> hosts) {
        hosts.forEach((name, host) -> checkedConnector(name, host));
    }

    /** Each host's connector, in configuration order (the hosts are validated). */
    static Map<String, Function<@Nullable Context, Context>> create(Router router, Map<String, Host> hosts) {
        Map<String, Function<@Nullable Context, Context>> connectors = new LinkedHashMap<>();
        hosts.forEach((name, host) -> {
            BiFunction<Router, @Nullable Context, Context> connector = checkedConnector(name, host);
            connectors.put(name, (via) -> connector.apply(router, via));
        });
        return connectors;
    }

    /**
     * The host's connector. Whatever the core refuses while its options are set or built
     * (a bad port, a hostname with spaces, conflicting keys) is reported naming the host.
     */
    private static BiFunction<Router, @Nullable Context, Context> checkedConnector(String name, Host host) {
        String prefix = "mitogen.hosts." + name;
        try {
            return connector(prefix, host);
        }
        catch (InvalidOptionsException ex) {
            throw refused(prefix, String.valueOf(ex.getMessage()));
        }
    }

    /**
     * The core's refusal, in configuration terms: when its message starts with the option's
     * Java name ({@code remoteName value 'a b' ...}), the report names the kebab-case key
     * ({@code mitogen.hosts.web.remote-name}); otherwise (conflicting keys) the host.
     */
    static MitogenConfigurationException refused(String prefix, String message) {
        int space = message.indexOf(' ');
        String first = (space > 0) ? message.substring(0, space) : message;
        String key = kebab(first);
        if (first.chars().allMatch(Character::isLetter) && Transport.SSH.allKeys().contains(key)
                || Transport.COMMON_KEYS.contains(key)) {
            return new MitogenConfigurationException(prefix + "." + key, key + message.substring(first.length()),
                    "correct " + prefix + "." + key);
        }
        return new MitogenConfigurationException(prefix, message, "correct the values under " + prefix);
    }

    /** {@code remoteName} to {@code remote-name}. */
    static String kebab(String javaName) {
        StringBuilder kebab = new StringBuilder();
        for (char c : javaName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            }
            else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }

    private static BiFunction<Router, @Nullable Context, Context> connector(String prefix, Host host) {
        Transport transport = host.getTransport();
        if (transport == null) {
            throw new IllegalStateException(prefix + ".transport is not set: the properties were not validated");
        }
        String name = prefix.substring(prefix.lastIndexOf('.') + 1);
        return CONNECTORS.get(transport).prepare(name, prefix, host);
    }

    /**
     * Each transport's connector. Adding a transport is its {@link Transport} constant (with the
     * keys it reads) and one entry here.
     */
    private static Map<Transport, Connector<?, ?>> connectors() {
        Map<Transport, Connector<?, ?>> connectors = new EnumMap<>(Transport.class);
        connectors.put(Transport.LOCAL, of((prefix, host) -> LocalOptions.builder(), LocalOptions.Builder::build, Router::local));
        connectors.put(Transport.SSH, of(HostConnectors::ssh, SshOptions.Builder::build, Router::ssh));
        connectors.put(Transport.SUDO, of((prefix, host) -> user(SudoOptions.builder().login(host.isLogin()), host),
                SudoOptions.Builder::build, Router::sudo));
        connectors.put(Transport.SU, of((prefix, host) -> user(SuOptions.builder().login(host.isLogin()), host),
                SuOptions.Builder::build, Router::su));
        connectors.put(Transport.DOAS, of((prefix, host) -> user(DoasOptions.builder(), host), DoasOptions.Builder::build,
                Router::doas));
        connectors.put(Transport.DOCKER, of((prefix, host) -> containerEngine(DockerOptions.builder(), prefix, host),
                DockerOptions.Builder::build, Router::docker));
        connectors.put(Transport.PODMAN, of((prefix, host) -> containerEngine(PodmanOptions.builder(), prefix, host),
                PodmanOptions.Builder::build, Router::podman));
        connectors.put(Transport.KUBECTL, of(HostConnectors::kubectl, KubectlOptions.Builder::build, Router::kubectl));
        connectors.put(Transport.LXC, of((prefix, host) -> LxcOptions.builder().container(required(host.getContainer(), prefix,
                "container")), LxcOptions.Builder::build, Router::lxc));
        connectors.put(Transport.INCUS, of((prefix, host) -> IncusOptions.builder().container(required(host.getContainer(),
                prefix, "container")), IncusOptions.Builder::build, Router::incus));
        connectors.put(Transport.LXD, of((prefix, host) -> LxdOptions.builder().container(required(host.getContainer(), prefix,
                "container")), LxdOptions.Builder::build, Router::lxd));
        connectors.put(Transport.BUILDAH, of((prefix, host) -> optional(BuildahOptions.builder()
            .container(required(host.getContainer(), prefix, "container")), host.getUsername(), BuildahOptions.Builder::username),
                BuildahOptions.Builder::build, Router::buildah));
        connectors.put(Transport.JAIL, of((prefix, host) -> optional(JailOptions.builder()
            .jail(required(host.getJail(), prefix, "jail")), host.getUsername(), JailOptions.Builder::username),
                JailOptions.Builder::build, Router::jail));
        connectors.put(Transport.SETNS, of(HostConnectors::setns, SetnsOptions.Builder::build, Router::setns));
        for (Transport transport : Transport.values()) {
            if (!connectors.containsKey(transport)) {
                throw new IllegalStateException("transport " + transport + " has no connector");
            }
        }
        return connectors;
    }

    private static <B extends ConnectionOptions.Builder<B>, O extends ConnectionOptions> Connector<B, O> of(
            BiFunction<String, Host, B> builder, Function<B, O> build, BiFunction<Router, O, Context> connect) {
        return new Connector<>(builder, build, connect);
    }

    /**
     * One transport: a builder from the host's keys (checking those it requires), how it builds,
     * and the router's method that connects the options.
     */
    private record Connector<B extends ConnectionOptions.Builder<B>, O extends ConnectionOptions>(
            BiFunction<String, Host, B> builder, Function<B, O> build, BiFunction<Router, O, Context> connect) {

        /**
         * Applies the keys every transport has, builds once now (so that bad values fail at
         * start-up, naming the host), and returns the connector that adds {@code via}.
         */
        BiFunction<Router, @Nullable Context, Context> prepare(String name, String prefix, Host host) {
            B options = this.builder.apply(prefix, host);
            common(options, name, host);
            this.build.apply(options);
            return (router, via) -> {
                synchronized (options) {
                    options.via(via);
                    return this.connect.apply(router, this.build.apply(options));
                }
            };
        }

    }

    private static SshOptions.Builder ssh(String prefix, Host host) {
        SshOptions.Builder builder = SshOptions.builder(required(host.getHostname(), prefix, "hostname"));
        if (host.getPort() != null) {
            builder.port(host.getPort());
        }
        optional(host.getUsername(), builder::username);
        optional(host.getPassword(), builder::password);
        for (String identity : host.getIdentityFile()) {
            builder.identityFile(Path.of(identity));
        }
        if (host.getKnownHosts() != null) {
            builder.knownHosts(Path.of(host.getKnownHosts()));
        }
        if (host.getHostKeyPolicy() != null) {
            builder.hostKeyPolicy(host.getHostKeyPolicy());
        }
        return builder;
    }

    /** sudo, su and doas: the user to become and the password that answers the prompt. */
    private static <B extends UserSwitchOptions.Builder<B>> B user(B builder, Host host) {
        optional(host.getUsername(), builder::username);
        optional(host.getPassword(), builder::password);
        return builder;
    }

    private static KubectlOptions.Builder kubectl(String prefix, Host host) {
        KubectlOptions.Builder builder = KubectlOptions.builder().pod(required(host.getPod(), prefix, "pod"));
        optional(host.getContainer(), builder::container);
        optional(host.getNamespace(), builder::namespace);
        return builder;
    }

    /**
     * docker and podman: a container, or an image for a temporary one. Both are passed when both
     * are set, so that the core refuses the combination instead of one being dropped.
     */
    private static <B extends ContainerEngineOptions.Builder<B>> B containerEngine(B builder, String prefix, Host host) {
        if (host.getImage() != null) {
            builder.image(host.getImage());
            optional(host.getContainer(), builder::container);
        }
        else {
            builder.container(required(host.getContainer(), prefix, "container"));
        }
        optional(host.getUsername(), builder::username);
        return builder;
    }

    /**
     * setns: kind and container, or a pid. With a pid, a kind or container that is set is passed
     * too, so that the core refuses the combination instead of them being ignored.
     */
    private static SetnsOptions.Builder setns(String prefix, Host host) {
        SetnsOptions.Builder builder = SetnsOptions.builder();
        Long pid = host.getPid();
        if (pid != null) {
            if (pid <= 0) {
                throw new MitogenConfigurationException(prefix + ".pid", "must be a positive process id, not " + pid,
                        "set the pid of a process whose namespaces to enter, or remove it and set kind and container");
            }
            builder.pid(pid);
        }
        if (pid == null || host.getKind() != null) {
            SetnsOptions.@Nullable Kind kind = host.getKind();
            if (kind == null) {
                throw new MitogenConfigurationException(prefix + ".kind", "is required by this transport (or a pid)",
                        "set " + prefix + ".kind to one of "
                                + java.util.Arrays.toString(SetnsOptions.Kind.values()).toLowerCase(java.util.Locale.ROOT));
            }
            builder.kind(kind);
        }
        if (pid == null || host.getContainer() != null) {
            builder.container(required(host.getContainer(), prefix, "container"));
        }
        optional(host.getUsername(), builder::username);
        return builder;
    }

    private static String required(@Nullable String value, String prefix, String key) {
        if (value == null || value.isBlank()) {
            throw new MitogenConfigurationException(prefix + "." + key, "is required by this transport",
                    "set " + prefix + "." + key);
        }
        return value;
    }

    private static void optional(@Nullable String value, java.util.function.Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static <B> B optional(B builder, @Nullable String value, BiConsumer<B, String> setter) {
        if (value != null) {
            setter.accept(builder, value);
        }
        return builder;
    }

    /**
     * The keys every host has. The child is named after the host ({@code ps} shows
     * {@code mitogen:web}) unless {@code remote-name} says otherwise, or the host's name cannot
     * ride on the boot command line.
     */
    private static void common(ConnectionOptions.Builder<?> builder, String name, Host host) {
        String remoteName = host.getRemoteName();
        if (remoteName == null && SAFE_NAME.matcher(name).matches()) {
            remoteName = "mitogen:" + name;
        }
        builder.remoteName(remoteName).javaPath(host.getJavaPath()).jvmArgs(host.getJvmArgs());
        builder.connectTimeout(host.getConnectTimeout());
    }

}
