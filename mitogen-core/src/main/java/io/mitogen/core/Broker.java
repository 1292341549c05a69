package io.mitogen.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.constants.Timeouts;

/**
 * Owns the private thread that runs mitogen's timers and deferred work, and the lifecycle of
 * everything started through it: constructing a {@code Broker} starts its thread, and
 * {@link #shutdown()} stops every child of every {@link Router} built on it.
 *
 * <pre>{@code
 * try (Broker broker = new Broker()) {
 *     Router router = new Router(broker);
 *     ...
 * }   // close(): every child is gone
 * }</pre>
 *
 * <p>Its threads are daemon threads and it registers a JVM shutdown hook, so a program that
 * forgets {@link #close()} neither hangs at exit nor leaves children running.
 */
public final class Broker implements AutoCloseable {

    private static final Log log = Log.get(Broker.class);

    /** How long children get to exit after being asked, before they are killed. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    /** Lifecycle states, in the only order they are visited. */
    public enum State {
        /** Accepting work. */
        RUNNING,
        /** {@link #shutdown()} was called: children are being stopped. */
        SHUTTING_DOWN,
        /** Everything is stopped; {@link #terminationFuture()} is complete. */
        TERMINATED
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);

    private final ScheduledThreadPoolExecutor executor;

    private final List<Supplier<CompletableFuture<?>>> participants = new CopyOnWriteArrayList<>();

    private final CompletableFuture<Void> termination = new CompletableFuture<>();

    private final Duration shutdownGrace;

    private final Thread shutdownHook;

    /** Starts a broker whose children get {@link #DEFAULT_SHUTDOWN_GRACE} to exit. */
    public Broker() {
        this(DEFAULT_SHUTDOWN_GRACE);
    }

    /** Starts a broker whose children get {@code shutdownGrace} to exit before being killed. */
    public Broker(Duration shutdownGrace) {
        this(shutdownGrace, true);
    }

    private Broker(Duration shutdownGrace, boolean shutdownHook) {
        this.shutdownGrace = requirePositive(shutdownGrace, "shutdownGrace");
        this.executor = new ScheduledThreadPoolExecutor(1, (task) -> {
            Thread thread = new Thread(task, "mitogen-broker");
            thread.setDaemon(true);
            return thread;
        });
        this.executor.setRemoveOnCancelPolicy(true);
        this.shutdownHook = shutdownHook ? new Thread(this::onJvmExit, "mitogen-broker-exit") : null;
        if (this.shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(this.shutdownHook);
        }
    }

    /** A builder, for options beyond the grace period. */
    public static Builder builder() {
        return new Builder();
    }

    /** The current lifecycle state. */
    public State state() {
        return this.state.get();
    }

    /** Whether {@link #shutdown()} has been called. */
    public boolean isShuttingDown() {
        return this.state.get() != State.RUNNING;
    }

    /** How long a child gets to exit after being asked to, before it is killed. */
    public Duration shutdownGrace() {
        return this.shutdownGrace;
    }

    /** Runs {@code task} on the broker thread. */
    public void defer(Runnable task) {
        this.executor.execute(task);
    }

    /** Runs {@code task} on the broker thread after {@code delay}. */
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return this.executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Starts an orderly shutdown: every router's children are asked to exit (their own children
     * first), and killed after the grace period. Returns at once; the future completes when all
     * children are gone and the broker thread has stopped. Calling it again returns the same
     * future.
     */
    public CompletableFuture<Void> shutdown() {
        if (!this.state.compareAndSet(State.RUNNING, State.SHUTTING_DOWN)) {
            return this.termination;
        }
        List<CompletableFuture<?>> stopping = new ArrayList<>();
        for (Supplier<CompletableFuture<?>> participant : this.participants) {
            try {
                stopping.add(participant.get());
            }
            catch (RuntimeException ex) {
                log.error("a router failed to start its shutdown", ex);
            }
        }
        CompletableFuture.allOf(stopping.toArray(new CompletableFuture<?>[0])).whenComplete((ok, failure) -> {
            this.executor.shutdownNow();
            this.state.set(State.TERMINATED);
            removeShutdownHook();
            this.termination.complete(null);
        });
        return this.termination;
    }

    /** Completes once the broker has terminated. */
    public CompletableFuture<Void> terminationFuture() {
        return this.termination;
    }

    /**
     * Shuts down and waits for it: for the grace period plus the time children take to die once
     * killed. Idempotent.
     */
    @Override
    public void close() {
        CompletableFuture<Void> done = shutdown();
        try {
            done.get(this.shutdownGrace.toMillis() + Timeouts.STOP_MARGIN_MILLIS, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException | TimeoutException ex) {
            log.warn("broker shutdown did not finish in time: {}", ex.toString());
        }
    }

    @Override
    public String toString() {
        return "Broker(" + this.state.get() + ")";
    }

    /** A router registers how to stop its children. */
    void addParticipant(Supplier<CompletableFuture<?>> participant) {
        if (isShuttingDown()) {
            throw new IllegalStateException("the broker is shut down; create a new Broker");
        }
        this.participants.add(participant);
    }

    private void onJvmExit() {
        if (this.state.get() == State.RUNNING && !this.participants.isEmpty()) {
            log.warn("a Broker was never shut down; stopping its children at JVM exit. Close it (try-with-resources) "
                    + "or let Spring manage it so that children stop when you decide.");
        }
        try {
            shutdown().get(this.shutdownGrace.toMillis() + Timeouts.EXIT_MARGIN_MILLIS, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException | ExecutionException | TimeoutException ex) {
            // The JVM is exiting; children see their input close and exit on their own.
        }
    }

    private void removeShutdownHook() {
        if (this.shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
        }
        catch (IllegalStateException ex) {
            // Already exiting: the hook is what called us.
        }
    }

    /** Options for a {@link Broker}. */
    public static final class Builder {

        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;

        private boolean shutdownHook = true;

        private Builder() {
        }

        /** How long children get to exit after being asked, before they are killed (default 5 s). */
        public Builder shutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = requirePositive(shutdownGrace, "shutdownGrace");
            return this;
        }

        /**
         * Whether a JVM shutdown hook stops the children of a broker nobody closed (default
         * {@code true}). A container that closes the broker in its own order (Spring stops it
         * after the web server has drained) turns it off; children still exit when the JVM
         * does, as they see their channel close.
         */
        public Builder shutdownHook(boolean shutdownHook) {
            this.shutdownHook = shutdownHook;
            return this;
        }

        /** Starts the broker. */
        public Broker build() {
            return new Broker(this.shutdownGrace, this.shutdownHook);
        }
    }

    static Duration requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("'" + name + "' must be a positive duration, not " + value);
        }
        return value;
    }
}
