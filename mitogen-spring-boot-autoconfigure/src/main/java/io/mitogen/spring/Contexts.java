package io.mitogen.spring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
 * link was lost is reconnected by the next {@link #get}, or at once in the background when it
 * is kept connected ({@code keep-connected: true}); after a failed attempt, further attempts
 * wait for a back-off that doubles up to a maximum, and {@code get} fails fast with
 * {@link HostUnavailableException} meanwhile. A name that is not configured gives
 * {@link NoSuchHostException}. Connecting is logged at INFO; losing and reconnecting a host at
 * WARN.
 */
public final class Contexts implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(Contexts.class);

    private final Map<String, Host> hosts = new LinkedHashMap<>();

    private final Duration initialBackoff;

    private final Duration maxBackoff;

    private final Clock clock = Clock.systemUTC();

    /** Reconnects kept-connected hosts; made on first need. */
    private @Nullable ScheduledExecutorService reconnector;

    private volatile boolean closed;

    private Contexts(Builder builder) {
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        builder.hosts.forEach((name, definition) -> this.hosts.put(name, new Host(definition)));
    }

    /** A builder, for those who assemble hosts themselves (the auto-configuration uses it). */
    public static Builder builder() {
        return new Builder();
    }

    /** The names of all hosts, in configuration order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(this.hosts.keySet());
    }

    /**
     * The host's context, connecting it (and its {@code via} chain) if it is not connected.
     *
     * @throws NoSuchHostException if there is no such host
     * @throws HostUnavailableException if it is waiting to retry after a failure
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
     * Shuts the host's context down (and the hosts started through it) if it is connected; it is
     * not reconnected in the background, and the next {@link #get} starts it again.
     *
     * @return whether a connected context was shut down
     */
    public boolean shutdown(String name) {
        Host host = host(name);
        Context context = host.context;
        if (context == null || !context.isConnected()) {
            return false;
        }
        host.stopping = true;
        try {
            context.shutdown();
        }
        finally {
            host.stopping = false;
        }
        return true;
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
                return Optional.of(host.definition.name);
            }
        }
        return Optional.empty();
    }

    /**
     * Stops reconnecting in the background and logging losses: the application is stopping and
     * its children go with the broker. Does not stop the children itself.
     */
    @Override
    public void close() {
        this.closed = true;
        ScheduledExecutorService executor;
        synchronized (this) {
            executor = this.reconnector;
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private Host host(String name) {
        Host host = this.hosts.get(name);
        if (host == null) {
            throw new NoSuchHostException(name, this.hosts.keySet());
        }
        return host;
    }

    private synchronized @Nullable ScheduledExecutorService reconnector() {
        if (this.closed) {
            return null;
        }
        if (this.reconnector == null) {
            this.reconnector = Executors.newSingleThreadScheduledExecutor((task) -> {
                Thread thread = new Thread(task, "mitogen-reconnect");
                thread.setDaemon(true);
                return thread;
            });
        }
        return this.reconnector;
    }

    @Override
    public String toString() {
        return "Contexts" + this.hosts.keySet();
    }

    /** Builds {@link Contexts}: hosts in order, each with its connector, and the back-off. */
    public static final class Builder {

        private final Map<String, HostDefinition> hosts = new LinkedHashMap<>();

        private Duration initialBackoff = Duration.ofSeconds(1);

        private Duration maxBackoff = Duration.ofSeconds(60);

        private Builder() {
        }

        /**
         * Adds a host.
         *
         * @param name its name
         * @param via the name of the host that starts it (added before or after), or {@code null}
         * @param method how it is reached, for logs and the endpoint, e.g. {@code ssh}
         * @param keepConnected whether to reconnect it in the background when it is lost
         * @param connector starts it, given its {@code via} context ({@code null} if none)
         */
        public Builder host(String name, @Nullable String via, String method, boolean keepConnected,
                Function<@Nullable Context, Context> connector) {
            this.hosts.put(name, new HostDefinition(name, via, method, keepConnected, connector));
            return this;
        }

        /** The wait before the first retry after a failure, doubling up to {@code max}. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * The contexts.
         *
         * @throws IllegalArgumentException if a {@code via} names no host
         */
        public Contexts build() {
            this.hosts.values().forEach((host) -> {
                if (host.via != null && !this.hosts.containsKey(host.via)) {
                    throw new IllegalArgumentException("host '" + host.name + "' is started via '" + host.via
                            + "', which is not a host: " + this.hosts.keySet());
                }
            });
            return new Contexts(this);
        }

    }

    private record HostDefinition(String name, @Nullable String via, String method, boolean keepConnected,
            Function<@Nullable Context, Context> connector) {
    }

    private final class Host {

        private final HostDefinition definition;

        private volatile @Nullable Context context;

        private volatile HostState state = HostState.NOT_CONNECTED;

        private volatile @Nullable String lastError;

        private volatile Instant since;

        private volatile int failures;

        private volatile Instant nextAttempt = Instant.MIN;

        /** Set while {@link Contexts#shutdown} stops it: a loss that is not to be reported or repaired. */
        private volatile boolean stopping;

        /** Whether it was connected before: the next connection is a reconnection. */
        private volatile boolean wasConnected;

        Host(HostDefinition definition) {
            this.definition = definition;
            this.since = Contexts.this.clock.instant();
        }

        synchronized Context get() {
            Context current = this.context;
            if (current != null && current.isConnected()) {
                return current;
            }
            Instant now = Contexts.this.clock.instant();
            if (this.state == HostState.FAILED && now.isBefore(this.nextAttempt)) {
                throw new HostUnavailableException("host '" + this.definition.name + "' failed to connect ("
                        + this.lastError + "); next attempt in " + Duration.between(now, this.nextAttempt).toMillis()
                        + " ms");
            }
            enter(HostState.CONNECTING);
            long start = System.nanoTime();
            try {
                Context viaContext = (this.definition.via != null) ? Contexts.this.get(this.definition.via) : null;
                Context connected = this.definition.connector.apply(viaContext);
                this.context = connected;
                int failed = this.failures;
                this.failures = 0;
                this.lastError = null;
                enter(HostState.CONNECTED);
                connected.onDisconnect(() -> lost(connected));
                logConnected(connected, Duration.ofNanos(System.nanoTime() - start), failed);
                this.wasConnected = true;
                return connected;
            }
            catch (RuntimeException ex) {
                this.failures++;
                this.lastError = ex.getMessage();
                long backoff = Math.min(Contexts.this.maxBackoff.toMillis(),
                        Contexts.this.initialBackoff.toMillis() << Math.min(this.failures - 1, 20));
                this.nextAttempt = Contexts.this.clock.instant().plusMillis(backoff);
                enter(HostState.FAILED);
                if (this.definition.keepConnected) {
                    scheduleReconnect(Duration.ofMillis(backoff));
                }
                throw ex;
            }
        }

        private void logConnected(Context connected, Duration took, int failed) {
            String line = "mitogen host '" + this.definition.name + "' " + (this.wasConnected ? "reconnected" : "connected")
                    + ": " + this.definition.method + ((this.definition.via != null) ? " via " + this.definition.via : "")
                    + ", pid " + connected.pid() + ", in " + took.toMillis() + " ms"
                    + ((failed > 0) ? " (after " + failed + " failed attempt" + ((failed > 1) ? "s" : "") + ")" : "");
            if (this.wasConnected) {
                logger.warn(line);
            }
            else if (logger.isInfoEnabled()) {
                logger.info(line);
            }
        }

        /** On the router's thread: must be quick. */
        private void lost(Context gone) {
            if (Contexts.this.closed || this.stopping || this.context != gone) {
                return;
            }
            this.lastError = "link lost: " + gone + " (pid " + gone.pid() + ") exited or its connection closed";
            enter(HostState.DISCONNECTED);
            boolean background = this.definition.keepConnected;
            logger.warn("mitogen host '" + this.definition.name + "' lost: " + gone + ", pid " + gone.pid()
                    + (background ? "; reconnecting in the background" : "; the next use reconnects it"));
            if (background) {
                scheduleReconnect(Duration.ZERO);
            }
        }

        private void scheduleReconnect(Duration delay) {
            ScheduledExecutorService executor = reconnector();
            if (executor == null) {
                return;
            }
            try {
                executor.schedule(this::reconnect, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (java.util.concurrent.RejectedExecutionException ex) {
                // Closed meanwhile: the application is stopping.
            }
        }

        private void reconnect() {
            if (Contexts.this.closed) {
                return;
            }
            try {
                get();
            }
            catch (RuntimeException ex) {
                // get() scheduled the next attempt after the back-off; the failure is in lastError.
                logger.warn("mitogen host '" + this.definition.name + "' could not be reconnected (" + ex.getMessage()
                        + "); next attempt after the back-off");
            }
        }

        HostStatus status() {
            Context current = this.context;
            HostState shown = this.state;
            if (shown == HostState.CONNECTED && (current == null || !current.isConnected())) {
                shown = HostState.DISCONNECTED;
            }
            return new HostStatus(this.definition.name, this.definition.method, this.definition.via, shown,
                    (shown == HostState.CONNECTED) ? current : null, this.lastError, this.since, this.failures);
        }

        private void enter(HostState next) {
            this.state = next;
            this.since = Contexts.this.clock.instant();
        }

    }

}
