package io.mitogen.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * A program running elsewhere (a child JVM, or one further down a {@code via} chain) that
 * runs static methods on request.
 *
 * <pre>{@code
 * long pid = ctx.call(Tasks::pid);                       // blocks for the result
 * Receiver<String> r = ctx.callAsync(Tasks::uptime);      // returns at once
 * ctx.run(Tasks::install, "/srv/app");                    // a void method
 * }</pre>
 *
 * <p>What runs is named by a method reference to a static method, or a lambda that captures
 * nothing: program and data stay apart, so a capturing lambda or an instance method reference
 * is refused with {@link InvalidCallException} before anything is sent, and so is an argument
 * outside the types the wire carries ({@link CodecException}). A remote exception comes back as
 * {@link CallException}; a context that is gone gives {@link ContextDisconnectedException}.
 * Value-returning methods use {@code call}, {@code callAsync} and {@code callNoReply};
 * {@code void} methods use {@code run}, {@code runAsync} and {@code runNoReply} (Java cannot
 * tell the two kinds apart for overloaded method references). Up to five arguments.
 */
public final class Context {

    private static final Object[] NO_ARGS = new Object[0];

    private final Router router;

    private final int id;

    private final Context via;

    private final String name;

    private volatile boolean connected = true;

    private volatile Map<String, Object> info = Collections.emptyMap();

    /** Made only for those who watch the context (e.g. a starter reconnecting hosts). */
    private java.util.List<Runnable> disconnectListeners;

    Context(Router router, int id, String name, Context via) {
        this.router = router;
        this.id = id;
        this.name = (name != null) ? name : "context." + id;
        this.via = via;
    }

    /** The context's id, unique within its tree ({@code 0} is the master). */
    public int id() {
        return this.id;
    }

    /** The context's name: its {@code remoteName}, or the method and the child's pid. */
    public String name() {
        return this.name;
    }

    /** The context that started this one, or {@code null} when this router did. */
    public Context via() {
        return this.via;
    }

    /** Whether the context is still reachable; once {@code false}, it stays so. */
    public boolean isConnected() {
        return this.connected;
    }

    /** The child's process id as it reported it, or {@code -1}. */
    public long pid() {
        Object pid = this.info.get("pid");
        return (pid instanceof Number) ? ((Number) pid).longValue() : -1;
    }

    /** When the child's JVM started (epoch milliseconds) as it reported it, or {@code null}. */
    public Long startMillis() {
        Object start = this.info.get("startMillis");
        return (start instanceof Number) ? ((Number) start).longValue() : null;
    }

    /** The child's Java version as it reported it, or {@code null}. */
    public String javaVersion() {
        Object version = this.info.get("javaVersion");
        return (version instanceof String) ? (String) version : null;
    }

    /**
     * Runs a static method here by name, for tools: the class must have exactly one static
     * method of that name taking {@code args.length} arguments.
     */
    public <R> R call(Class<?> type, String method, Object... args) {
        return this.<R>callAsync(type, method, args).get();
    }

    /** The asynchronous form of {@link #call(Class, String, Object...)}. */
    public <R> Receiver<R> callAsync(Class<?> type, String method, Object... args) {
        Object[] values = (args != null) ? args : NO_ARGS;
        return this.router.calls.invoke(this, CallTarget.named(type, method, values.length), values, true);
    }

    /**
     * Asks the context to shut down (its own children first) and waits until it is gone; one
     * that does not exit within the broker's grace period, e.g. because user code hangs, is
     * killed.
     */
    public void shutdown() {
        if (this.connected) {
            this.router.stop(this);
        }
    }

    /** Measures one round trip to the context's router (no user code runs), bounded by {@code timeout}. */
    public Duration ping(Duration timeout) {
        long start = System.nanoTime();
        Receiver<Object> answer = this.router.calls.newReceiver(this, Object.class, "ping");
        this.router.core.sendTo(this.id, Handles.PING, answer.handle(), null);
        answer.get(timeout);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * What this router served to this context for class and resource loading; the same as
     * {@link Router#classLoadingStats(Context)}.
     */
    public ClassLoadingStats classLoading() {
        return this.router.classLoadingStats(this);
    }

    @Override
    public String toString() {
        return "Context(" + this.id + ", " + this.name + ")";
    }

    Router router() {
        return this.router;
    }

    Map<String, Object> info() {
        return this.info;
    }

    void describe(Map<?, ?> reported) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : reported.entrySet()) {
            if (entry.getKey() instanceof String) {
                copy.put((String) entry.getKey(), entry.getValue());
            }
        }
        this.info = Collections.unmodifiableMap(copy);
    }

    /**
     * Runs {@code listener} once when the context goes (its link is lost, it exits or is shut
     * down), or at once if it is already gone. It runs on the thread that noticed, often the
     * router's: it must be quick and must not block or call the context.
     */
    public void onDisconnect(Runnable listener) {
        synchronized (this) {
            if (this.connected) {
                if (this.disconnectListeners == null) {
                    this.disconnectListeners = new java.util.ArrayList<>(1);
                }
                this.disconnectListeners.add(listener);
                return;
            }
        }
        listener.run();
    }

    void markDisconnected() {
        java.util.List<Runnable> toRun;
        synchronized (this) {
            this.connected = false;
            toRun = this.disconnectListeners;
            this.disconnectListeners = null;
        }
        if (toRun != null) {
            for (Runnable listener : toRun) {
                try {
                    listener.run();
                }
                catch (RuntimeException ex) {
                    // A watcher's bug must not stop the router noticing that a context is gone.
                }
            }
        }
    }

    /**
     * Runs {@code function} in this context and returns its result, blocking until it arrives.
     *
     * @throws CallException if it threw, with the remote type, message and stack
     * @throws ContextDisconnectedException if the context is gone or goes before answering
     */
    public <R> R call(Fn0<R> function) {
        return this.<R>callAsync(function).get();
    }

    /** Starts {@code function} in this context and returns at once with its {@link Receiver}. */
    public <R> Receiver<R> callAsync(Fn0<R> function) {
        return this.router.calls.invoke(this, CallTarget.of(function), NO_ARGS, true);
    }

    /** Starts {@code function} in this context; nobody waits for its result (a failure is logged there). */
    public <R> void callNoReply(Fn0<R> function) {
        this.router.calls.invoke(this, CallTarget.of(function), NO_ARGS, false);
    }

    /** Runs {@code function} in this context with arguments; see {@link #call(Fn0)}. */
    public <A1, R> R call(Fn1<A1, R> function, A1 a1) {
        return callAsync(function, a1).get();
    }

    /** Starts {@code function} in this context with arguments; see {@link #callAsync(Fn0)}. */
    public <A1, R> Receiver<R> callAsync(Fn1<A1, R> function, A1 a1) {
        return this.router.calls.invoke(this, CallTarget.of(function), new Object[] { a1 }, true);
    }

    /** Starts {@code function} in this context; nobody waits for its result (a failure is logged there). */
    public <A1, R> void callNoReply(Fn1<A1, R> function, A1 a1) {
        this.router.calls.invoke(this, CallTarget.of(function), new Object[] { a1 }, false);
    }

    /** Runs {@code function} in this context with arguments; see {@link #call(Fn0)}. */
    public <A1, A2, R> R call(Fn2<A1, A2, R> function, A1 a1, A2 a2) {
        return callAsync(function, a1, a2).get();
    }

    /** Starts {@code function} in this context with arguments; see {@link #callAsync(Fn0)}. */
    public <A1, A2, R> Receiver<R> callAsync(Fn2<A1, A2, R> function, A1 a1, A2 a2) {
        return this.router.calls.invoke(this, CallTarget.of(function), new Object[] { a1, a2 }, true);
    }

    /** Starts {@code function} in this context; nobody waits for its result (a failure is logged there). */
    public <A1, A2, R> void callNoReply(Fn2<A1, A2, R> function, A1 a1, A2 a2) {
        this.router.calls.invoke(this, CallTarget.of(function), new Object[] { a1, a2 }, false);
    }

    /** Runs {@code function} in this context with arguments; see {@link #call(Fn0)}. */
    public <A1, A2, A3, R> R call(Fn3<A1, A2, A3, R> function, A1 a1, A2 a2, A3 a3) {
        return callAsync(function, a1, a2, a3).get();
    }

    /** Starts {@code function} in this context with arguments; see {@link #callAsync(Fn0)}. */
    public <A1, A2, A3, R> Receiver<R> callAsync(Fn3<A1, A2, A3, R> function, A1 a1, A2 a2, A3 a3) {
        return this.router.calls.invoke(this, CallTarget.of(function), new Object[] { a1, a2, a3 }, true);
    }

    /** Starts {@code function} in this context; nobody waits for its result (a failure is logged there). */
    public <A1, A2, A3, R> void callNoReply(Fn3<A1, A2, A3, R> function, A1 a1, A2 a2, A3 a3) {
        this.router.calls.invoke(this, CallTarget.of(function), new Object[] { a1, a2, a3 }, false);
    }

    /** Runs {@code function} in this context with arguments; see {@link #call(Fn0)}. */
    public <A1, A2, A3, A4, R> R call(Fn4<A1, A2, A3, A4, R> function, A1 a1, A2 a2, A3 a3, A4 a4) {
        return callAsync(function, a1, a2, a3, a4).get();
    }

    /** Starts {@code function} in this context with arguments; see {@link #callAsync(Fn0)}. */
    public <A1, A2, A3, A4, R> Receiver<R> callAsync(Fn4<A1, A2, A3, A4, R> function, A1 a1, A2 a2, A3 a3, A4 a4) {
        return this.router.calls.invoke(this, CallTarget.of(function), new Object[] { a1, a2, a3, a4 }, true);
    }

    /** Starts {@code function} in this context; nobody waits for its result (a failure is logged there). */
    public <A1, A2, A3, A4, R> void callNoReply(Fn4<A1, A2, A3, A4, R> function, A1 a1, A2 a2, A3 a3, A4 a4) {
        this.router.calls.invoke(this, CallTarget.of(function), new Object[] { a1, a2, a3, a4 }, false);
    }

    /** Runs {@code function} in this context with arguments; see {@link #call(Fn0)}. */
    public <A1, A2, A3, A4, A5, R> R call(Fn5<A1, A2, A3, A4, A5, R> function, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5) {
        return callAsync(function, a1, a2, a3, a4, a5).get();
    }

    /** Starts {@code function} in this context with arguments; see {@link #callAsync(Fn0)}. */
    public <A1, A2, A3, A4, A5, R> Receiver<R> callAsync(Fn5<A1, A2, A3, A4, A5, R> function, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5) {
        return this.router.calls.invoke(this, CallTarget.of(function), new Object[] { a1, a2, a3, a4, a5 }, true);
    }

    /** Starts {@code function} in this context; nobody waits for its result (a failure is logged there). */
    public <A1, A2, A3, A4, A5, R> void callNoReply(Fn5<A1, A2, A3, A4, A5, R> function, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5) {
        this.router.calls.invoke(this, CallTarget.of(function), new Object[] { a1, a2, a3, a4, a5 }, false);
    }

    /** Runs the {@code void} method {@code procedure} in this context and waits for it to finish. */
    public void run(Proc0 procedure) {
        this.<Void>runAsync(procedure).get();
    }

    /** Starts the {@code void} method {@code procedure}; the receiver yields {@code null} when it is done. */
    public Receiver<Void> runAsync(Proc0 procedure) {
        return this.router.calls.invoke(this, CallTarget.of(procedure), NO_ARGS, true);
    }

    /** Starts the {@code void} method {@code procedure}; nobody waits for it. */
    public void runNoReply(Proc0 procedure) {
        this.router.calls.invoke(this, CallTarget.of(procedure), NO_ARGS, false);
    }

    /** Runs the {@code void} method {@code procedure} in this context and waits for it to finish. */
    public <A1> void run(Proc1<A1> procedure, A1 a1) {
        runAsync(procedure, a1).get();
    }

    /** Starts the {@code void} method {@code procedure}; the receiver yields {@code null} when it is done. */
    public <A1> Receiver<Void> runAsync(Proc1<A1> procedure, A1 a1) {
        return this.router.calls.invoke(this, CallTarget.of(procedure), new Object[] { a1 }, true);
    }

    /** Starts the {@code void} method {@code procedure}; nobody waits for it. */
    public <A1> void runNoReply(Proc1<A1> procedure, A1 a1) {
        this.router.calls.invoke(this, CallTarget.of(procedure), new Object[] { a1 }, false);
    }

    /** Runs the {@code void} method {@code procedure} in this context and waits for it to finish. */
    public <A1, A2> void run(Proc2<A1, A2> procedure, A1 a1, A2 a2) {
        runAsync(procedure, a1, a2).get();
    }

    /** Starts the {@code void} method {@code procedure}; the receiver yields {@code null} when it is done. */
    public <A1, A2> Receiver<Void> runAsync(Proc2<A1, A2> procedure, A1 a1, A2 a2) {
        return this.router.calls.invoke(this, CallTarget.of(procedure), new Object[] { a1, a2 }, true);
    }

    /** Starts the {@code void} method {@code procedure}; nobody waits for it. */
    public <A1, A2> void runNoReply(Proc2<A1, A2> procedure, A1 a1, A2 a2) {
        this.router.calls.invoke(this, CallTarget.of(procedure), new Object[] { a1, a2 }, false);
    }

    /** Runs the {@code void} method {@code procedure} in this context and waits for it to finish. */
    public <A1, A2, A3> void run(Proc3<A1, A2, A3> procedure, A1 a1, A2 a2, A3 a3) {
        runAsync(procedure, a1, a2, a3).get();
    }

    /** Starts the {@code void} method {@code procedure}; the receiver yields {@code null} when it is done. */
    public <A1, A2, A3> Receiver<Void> runAsync(Proc3<A1, A2, A3> procedure, A1 a1, A2 a2, A3 a3) {
        return this.router.calls.invoke(this, CallTarget.of(procedure), new Object[] { a1, a2, a3 }, true);
    }

    /** Starts the {@code void} method {@code procedure}; nobody waits for it. */
    public <A1, A2, A3> void runNoReply(Proc3<A1, A2, A3> procedure, A1 a1, A2 a2, A3 a3) {
        this.router.calls.invoke(this, CallTarget.of(procedure), new Object[] { a1, a2, a3 }, false);
    }

    /** Runs the {@code void} method {@code procedure} in this context and waits for it to finish. */
    public <A1, A2, A3, A4> void run(Proc4<A1, A2, A3, A4> procedure, A1 a1, A2 a2, A3 a3, A4 a4) {
        runAsync(procedure, a1, a2, a3, a4).get();
    }

    /** Starts the {@code void} method {@code procedure}; the receiver yields {@code null} when it is done. */
    public <A1, A2, A3, A4> Receiver<Void> runAsync(Proc4<A1, A2, A3, A4> procedure, A1 a1, A2 a2, A3 a3, A4 a4) {
        return this.router.calls.invoke(this, CallTarget.of(procedure), new Object[] { a1, a2, a3, a4 }, true);
    }

    /** Starts the {@code void} method {@code procedure}; nobody waits for it. */
    public <A1, A2, A3, A4> void runNoReply(Proc4<A1, A2, A3, A4> procedure, A1 a1, A2 a2, A3 a3, A4 a4) {
        this.router.calls.invoke(this, CallTarget.of(procedure), new Object[] { a1, a2, a3, a4 }, false);
    }

    /** Runs the {@code void} method {@code procedure} in this context and waits for it to finish. */
    public <A1, A2, A3, A4, A5> void run(Proc5<A1, A2, A3, A4, A5> procedure, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5) {
        runAsync(procedure, a1, a2, a3, a4, a5).get();
    }

    /** Starts the {@code void} method {@code procedure}; the receiver yields {@code null} when it is done. */
    public <A1, A2, A3, A4, A5> Receiver<Void> runAsync(Proc5<A1, A2, A3, A4, A5> procedure, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5) {
        return this.router.calls.invoke(this, CallTarget.of(procedure), new Object[] { a1, a2, a3, a4, a5 }, true);
    }

    /** Starts the {@code void} method {@code procedure}; nobody waits for it. */
    public <A1, A2, A3, A4, A5> void runNoReply(Proc5<A1, A2, A3, A4, A5> procedure, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5) {
        this.router.calls.invoke(this, CallTarget.of(procedure), new Object[] { a1, a2, a3, a4, a5 }, false);
    }
}
