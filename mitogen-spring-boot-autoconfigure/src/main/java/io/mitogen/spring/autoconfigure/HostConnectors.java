package io.mitogen.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

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

    private HostConnectors() {
    }

    /** Each host's connector, in configuration order. */
    static Map<String, Function<@Nullable Context, Context>> create(Router router, Map<String, Host> hosts) {
        checkVia(hosts);
        Map<String, Function<@Nullable Context, Context>> connectors = new LinkedHashMap<>();
        hosts.forEach((name, host) -> connectors.put(name, checkedConnector(router, name, host)));
        return connectors;
    }

    /**
     * The host's connector. Whatever the core refuses while its options are set or built
     * (a bad port, a hostname with spaces, conflicting keys) is reported naming the host.
     */
    private static Function<@Nullable Context, Context> checkedConnector(Router router, String name, Host host) {
        String prefix = "mitogen.hosts." + name;
        try {
            return connector(router, prefix, host);
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

    private static Function<@Nullable Context, Context> connector(Router router, String prefix, Host host) {
        Transport transport = host.getTransport();
        if (transport == null) {
            throw new MitogenConfigurationException(prefix + ".transport", "no transport is set",
                    "set it to one of " + TRANSPORTS);
        }
        String name = prefix.substring(prefix.lastIndexOf('.') + 1);
        switch (transport) {
            case LOCAL: {
                LocalOptions.Builder builder = LocalOptions.builder();
                return prepared(builder, builder::build, name, prefix, host, router::local);
            }
            case SSH:
                return ssh(router, name, prefix, host);
            case SUDO: {
                SudoOptions.Builder builder = SudoOptions.builder().login(host.isLogin());
                optional(host.getUsername(), builder::username);
                optional(host.getPassword(), builder::password);
                return prepared(builder, builder::build, name, prefix, host, router::sudo);
            }
            case SU: {
                SuOptions.Builder builder = SuOptions.builder().login(host.isLogin());
                optional(host.getUsername(), builder::username);
                optional(host.getPassword(), builder::password);
                return prepared(builder, builder::build, name, prefix, host, router::su);
            }
            case DOAS: {
                DoasOptions.Builder builder = DoasOptions.builder();
                optional(host.getUsername(), builder::username);
                optional(host.getPassword(), builder::password);
                return prepared(builder, builder::build, name, prefix, host, router::doas);
            }
            case DOCKER: {
                DockerOptions.Builder builder = containerEngine(DockerOptions.builder(), prefix, host);
                return prepared(builder, builder::build, name, prefix, host, router::docker);
            }
            case PODMAN: {
                PodmanOptions.Builder builder = containerEngine(PodmanOptions.builder(), prefix, host);
                return prepared(builder, builder::build, name, prefix, host, router::podman);
            }
            case KUBECTL: {
                KubectlOptions.Builder builder = KubectlOptions.builder().pod(required(host.getPod(), prefix, "pod"));
                optional(host.getContainer(), builder::container);
                optional(host.getNamespace(), builder::namespace);
                return prepared(builder, builder::build, name, prefix, host, router::kubectl);
            }
            case LXC: {
                LxcOptions.Builder builder = LxcOptions.builder().container(required(host.getContainer(), prefix, "container"));
                return prepared(builder, builder::build, name, prefix, host, router::lxc);
            }
            case INCUS: {
                IncusOptions.Builder builder = IncusOptions.builder()
                    .container(required(host.getContainer(), prefix, "container"));
                return prepared(builder, builder::build, name, prefix, host, router::incus);
            }
            case LXD: {
                LxdOptions.Builder builder = LxdOptions.builder().container(required(host.getContainer(), prefix, "container"));
                return prepared(builder, builder::build, name, prefix, host, router::lxd);
            }
            case BUILDAH: {
                BuildahOptions.Builder builder = BuildahOptions.builder()
                    .container(required(host.getContainer(), prefix, "container"));
                optional(host.getUsername(), builder::username);
                return prepared(builder, builder::build, name, prefix, host, router::buildah);
            }
            case JAIL: {
                JailOptions.Builder builder = JailOptions.builder().jail(required(host.getJail(), prefix, "jail"));
                optional(host.getUsername(), builder::username);
                return prepared(builder, builder::build, name, prefix, host, router::jail);
            }
            case SETNS: {
                SetnsOptions.Builder builder = setns(prefix, host);
                return prepared(builder, builder::build, name, prefix, host, router::setns);
            }
            default:
                throw new IllegalStateException("transport " + transport + " has no connector");
        }
    }

    /**
     * Applies the keys every transport has, builds once now (so that bad values fail at
     * start-up, naming the host), and returns the connector that adds {@code via}.
     */
    private static <O extends ConnectionOptions> Function<@Nullable Context, Context> prepared(
            ConnectionOptions.Builder<?> builder, Supplier<O> build, String name, String prefix, Host host,
            Function<O, Context> connect) {
        common(builder, name, prefix, host);
        build.get();
        return (via) -> {
            synchronized (builder) {
                builder.via(via);
                return connect.apply(build.get());
            }
        };
    }

    private static Function<@Nullable Context, Context> ssh(Router router, String name, String prefix, Host host) {
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
        return prepared(builder, builder::build, name, prefix, host, router::ssh);
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

    /**
     * The keys every host has. The child is named after the host ({@code ps} shows
     * {@code mitogen:web}) unless {@code remote-name} says otherwise, or the host's name cannot
     * ride on the boot command line.
     */
    private static void common(ConnectionOptions.Builder<?> builder, String name, String prefix, Host host) {
        String remoteName = host.getRemoteName();
        if (remoteName == null && SAFE_NAME.matcher(name).matches()) {
            remoteName = "mitogen:" + name;
        }
        builder.remoteName(remoteName).javaPath(host.getJavaPath()).jvmArgs(host.getJvmArgs());
        builder.connectTimeout(positive(prefix + ".connect-timeout", host.getConnectTimeout(), "30s"));
    }

    /**
     * The duration, if it is positive.
     *
     * @param example a sensible value, for the action
     * @throws MitogenConfigurationException naming the property otherwise
     */
    static Duration positive(String property, @Nullable Duration value, String example) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new MitogenConfigurationException(property, "must be positive, not " + value,
                    "set a duration such as " + example);
        }
        return value;
    }

    private static void checkVia(Map<String, Host> hosts) {
        hosts.forEach((name, host) -> {
            String via = host.getVia();
            if (via != null && !hosts.containsKey(via)) {
                throw new MitogenConfigurationException("mitogen.hosts." + name + ".via", "no host named '" + via + "'",
                        "name one of " + hosts.keySet() + " or remove the via");
            }
        });
        for (String start : hosts.keySet()) {
            Set<String> seen = new LinkedHashSet<>();
            String current = start;
            while (current != null) {
                if (!seen.add(current)) {
                    List<String> cycle = new ArrayList<>(seen);
                    cycle.add(current);
                    throw new MitogenConfigurationException("mitogen.hosts." + start + ".via",
                            "the via chain loops: " + String.join(" -> ", cycle),
                            "break the loop: one host of the chain must be reached without via");
                }
                current = hosts.get(current).getVia();
            }
        }
    }

}
