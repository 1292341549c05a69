package io.mitogen.spring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.mitogen.core.Context;

/**
 * The application's named hosts ({@code mitogen.hosts.<name>}), connected when first used:
 *
 * <pre>{@code
 * @Service
 * class Billing {
 *     private final Contexts contexts;
 *     long nightly() {
 *         return this.contexts.get("billing").call(BillingTasks::runNightly);
 *     }
 * }
 * }</pre>
 *
 * <p>A host with {@code via} is started by that host, which is connected first. A host whose
 * link was lost is reconnected by the next {@link #get}; after a failed attempt, further
 * attempts wait for a back-off that doubles up to a maximum, and {@code get} fails fast with
 * {@link HostUnavailableException} meanwhile.
 */
public final class Contexts {

    private final Map<String, Host> hosts = new LinkedHashMap<>();

    private final Duration initialBackoff;

    private final Duration maxBackoff;

    private final Clock clock;

    /**
     * @param connectors how to start each host, given its {@code via} context ({@code null} if none)
     * @param via each host's {@code via} host name, or absent; names must exist and form no cycle
     */
    public Contexts(Map<String, Function<@Nullable Context, Context>> connectors, Map<String, String> via,
            Duration initialBackoff, Duration maxBackoff, Clock clock) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.clock = clock;
        connectors.forEach((name, connector) -> this.hosts.put(name, new Host(name, via.get(name), connector)));
    }

    /** The names of all hosts, in configuration order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(this.hosts.keySet());
    }

    /**
     * The host's context, connecting it (and its {@code via} chain) if it is not connected.
     *
     * @throws HostUnavailableException if there is no such host, or it is waiting to retry
     * @throws io.mitogen.core.ConnectFailedException if connecting fails now
     */
    public Context get(String name) {
        return host(name).get();
    }

    /** The host's context if it is connected now; never connects. */
    public Optional<Context> find(String name) {
        Context context = host(name).context;
        return (context != null && context.isConnected()) ? Optional.of(context) : Optional.empty();
    }

    /** Where the host stands now. */
    public HostStatus status(String name) {
        return host(name).status();
    }

    /** Every host's status, in configuration order. */
    public Map<String, HostStatus> statuses() {
        Map<String, HostStatus> statuses = new LinkedHashMap<>();
        this.hosts.forEach((name, host) -> statuses.put(name, host.status()));
        return statuses;
    }

    /**
     * The name of the host whose context this is, or empty for a context that is not one of the
     * configured hosts (one started with the {@code Router} directly, or a host's earlier
     * context that has since been replaced by a reconnection). Unlike {@link Context#name()},
     * the name stays the same across reconnections.
     */
    public Optional<String> nameOf(Context context) {
        for (Host host : this.hosts.values()) {
            if (host.context == context) {
                return Optional.of(host.name);
            }
        }
        return Optional.empty();
    }

    private Host host(String name) {
        Host host = this.hosts.get(name);
        if (host == null) {
            throw new HostUnavailableException("no host named '" + name + "' in mitogen.hosts; known hosts: "
                    + this.hosts.keySet());
        }
        return host;
    }

    @Override
    public String toString() {
        return "Contexts" + this.hosts.keySet();
    }

    private final class Host {

        private final String name;

        private final @Nullable String via;

        private final Function<@Nullable Context, Context> connector;

        private volatile @Nullable Context context;

        private volatile HostState state = HostState.NOT_CONNECTED;

        private volatile @Nullable String lastError;

        private volatile Instant since;

        private volatile int failures;

        private volatile Instant nextAttempt = Instant.MIN;

        Host(String name, @Nullable String via, Function<@Nullable Context, Context> connector) {
            this.name = name;
            this.via = via;
            this.connector = connector;
            this.since = Contexts.this.clock.instant();
        }

        synchronized Context get() {
            Context current = this.context;
            if (current != null && current.isConnected()) {
                return current;
            }
            Instant now = Contexts.this.clock.instant();
            if (this.state == HostState.FAILED && now.isBefore(this.nextAttempt)) {
                throw new HostUnavailableException("host '" + this.name + "' failed to connect (" + this.lastError
                        + "); next attempt in " + Duration.between(now, this.nextAttempt).toMillis() + " ms");
            }
            enter(HostState.CONNECTING);
            try {
                Context viaContext = (this.via != null) ? Contexts.this.get(this.via) : null;
                Context connected = this.connector.apply(viaContext);
                this.context = connected;
                this.failures = 0;
                this.lastError = null;
                enter(HostState.CONNECTED);
                return connected;
            }
            catch (RuntimeException ex) {
                this.failures++;
                this.lastError = ex.getMessage();
                long backoff = Math.min(Contexts.this.maxBackoff.toMillis(),
                        Contexts.this.initialBackoff.toMillis() << Math.min(this.failures - 1, 20));
                this.nextAttempt = Contexts.this.clock.instant().plusMillis(backoff);
                enter(HostState.FAILED);
                throw ex;
            }
        }

        HostStatus status() {
            Context current = this.context;
            HostState shown = this.state;
            if (shown == HostState.CONNECTED && (current == null || !current.isConnected())) {
                shown = HostState.DISCONNECTED;
            }
            return new HostStatus(this.name, shown, (shown == HostState.CONNECTED) ? current : null, this.lastError,
                    this.since, this.failures);
        }

        private void enter(HostState next) {
            this.state = next;
            this.since = Contexts.this.clock.instant();
        }

    }

}
