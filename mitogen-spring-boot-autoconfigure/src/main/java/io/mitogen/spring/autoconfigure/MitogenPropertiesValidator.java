package io.mitogen.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.mitogen.spring.autoconfigure.MitogenProperties.Health;
import io.mitogen.spring.autoconfigure.MitogenProperties.Host;
import io.mitogen.spring.autoconfigure.MitogenProperties.Reconnect;

/**
 * Every check of the bound {@code mitogen.*} values, in one place, run once when
 * {@link MitogenProperties} is bound (before any bean uses it): durations, the health status,
 * each host's {@code via} and transport, and, through {@link HostConnectors#check}, the keys each
 * transport requires and the values the core refuses. Each problem is a
 * {@link MitogenConfigurationException} naming its property. Keys that are not read are refused
 * earlier still, before binding, by {@link MitogenKeyCheck}.
 */
final class MitogenPropertiesValidator {

    private MitogenPropertiesValidator() {
    }

    /** @throws MitogenConfigurationException for the first value that cannot work */
    static void validate(MitogenProperties properties) {
        positive("mitogen.shutdown-grace", properties.getShutdownGrace(), "5s");
        reconnect(properties.getReconnect());
        hosts(properties.getHosts());
        health(properties.getHealth());
    }

    private static void reconnect(Reconnect reconnect) {
        Duration initial = reconnect.getInitialBackoff();
        Duration max = reconnect.getMaxBackoff();
        if (initial == null || initial.isNegative()) {
            throw new MitogenConfigurationException("mitogen.reconnect.initial-backoff",
                    "must be zero or positive, not " + initial, "set a duration such as 1s");
        }
        if (max == null || max.compareTo(initial) < 0) {
            throw new MitogenConfigurationException("mitogen.reconnect.max-backoff",
                    "must not be shorter than mitogen.reconnect.initial-backoff (" + initial + "), not " + max,
                    "set a duration at least as long as the initial back-off, such as 60s");
        }
    }

    private static void health(Health health) {
        positive("mitogen.health.timeout", health.getTimeout(), "2s");
        String unreachable = health.getUnreachableStatus();
        if (unreachable == null || unreachable.isBlank() || unreachable.equalsIgnoreCase("up")) {
            throw new MitogenConfigurationException("mitogen.health.unreachable-status",
                    "must name a status other than UP, not '" + unreachable + "'",
                    "set it to UNREACHABLE (the default: not counted by the application's health) or DOWN");
        }
    }

    private static void hosts(Map<String, Host> hosts) {
        checkVia(hosts);
        hosts.forEach((name, host) -> {
            String prefix = "mitogen.hosts." + name;
            if (host.getTransport() == null) {
                throw new MitogenConfigurationException(prefix + ".transport", "no transport is set",
                        "set it to one of " + HostConnectors.TRANSPORTS);
            }
            positive(prefix + ".connect-timeout", host.getConnectTimeout(), "30s");
        });
        HostConnectors.check(hosts);
    }

    /**
     * The duration, if it is positive.
     *
     * @param example a sensible value, for the action
     * @throws MitogenConfigurationException naming the property otherwise
     */
    private static Duration positive(String property, @Nullable Duration value, String example) {
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
