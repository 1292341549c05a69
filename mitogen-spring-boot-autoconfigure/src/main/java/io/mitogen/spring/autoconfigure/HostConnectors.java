package io.mitogen.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.mitogen.core.ConnectionOptions;
import io.mitogen.core.Context;
import io.mitogen.core.InvalidOptionsException;
import io.mitogen.core.LocalOptions;
import io.mitogen.core.Router;
import io.mitogen.spring.autoconfigure.MitogenProperties.Host;

/**
 * Checks {@code mitogen.hosts} at start-up and turns each host into the call that connects it.
 * Every problem names its property: an unknown transport or {@code via}, a {@code via} cycle,
 * a missing key the transport needs, or an option the core refuses.
 */
final class HostConnectors {

    /** The transports this version can start, in the order the docs list them. */
    static final List<String> TRANSPORTS = List.of("local");

    private HostConnectors() {
    }

    /** Each host's connector, in configuration order. */
    static Map<String, Function<@Nullable Context, Context>> create(Router router, Map<String, Host> hosts) {
        checkVia(hosts);
        Map<String, Function<@Nullable Context, Context>> connectors = new LinkedHashMap<>();
        hosts.forEach((name, host) -> connectors.put(name, connector(router, name, host)));
        return connectors;
    }

    /** Each host's {@code via}, for hosts that have one. */
    static Map<String, String> via(Map<String, Host> hosts) {
        Map<String, String> via = new LinkedHashMap<>();
        hosts.forEach((name, host) -> {
            if (host.getVia() != null) {
                via.put(name, host.getVia());
            }
        });
        return via;
    }

    private static Function<@Nullable Context, Context> connector(Router router, String name, Host host) {
        String prefix = "mitogen.hosts." + name;
        String transport = host.getTransport();
        if (transport == null || transport.isBlank()) {
            throw new MitogenConfigurationException(prefix + ".transport", "no transport is set",
                    "set it to one of " + TRANSPORTS);
        }
        switch (transport) {
            case "local": {
                LocalOptions.Builder builder = LocalOptions.builder();
                common(builder, prefix, host);
                build(builder::build, prefix);
                return (via) -> router.local(builder.via(via).build());
            }
            default:
                throw new MitogenConfigurationException(prefix + ".transport", "unknown transport '" + transport + "'",
                        "set it to one of " + TRANSPORTS);
        }
    }

    private static void common(ConnectionOptions.Builder<?> builder, String prefix, Host host) {
        builder.remoteName(host.getRemoteName()).javaPath(host.getJavaPath()).jvmArgs(host.getJvmArgs());
        Duration timeout = host.getConnectTimeout();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new MitogenConfigurationException(prefix + ".connect-timeout", "must be positive, not " + timeout,
                    "set a duration such as 30s");
        }
        builder.connectTimeout(timeout);
    }

    /** Builds once at start-up so that bad option values fail now, naming the host. */
    private static void build(java.util.function.Supplier<? extends ConnectionOptions> options, String prefix) {
        try {
            options.get();
        }
        catch (InvalidOptionsException ex) {
            throw new MitogenConfigurationException(prefix, ex.getMessage(), "correct the value under " + prefix);
        }
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
