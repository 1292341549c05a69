package io.mitogen.core;

import java.nio.file.Path;

/**
 * The context that the calling code runs in, for code running in a child: a called method, or
 * any thread it starts. The Python original's {@code takes_router} and {@code takes_econtext}.
 *
 * <pre>{@code
 * public static long grandchildPid() {
 *     Context g = ExecutionContext.current().router().local();   // this child starts its own child
 *     try { return g.call(Tasks::pid); } finally { g.shutdown(); }
 * }
 * }</pre>
 *
 * <p>A child JVM is one context, so there is one {@code ExecutionContext} per child; the master
 * has none (it has its {@link Router}).
 */
public final class ExecutionContext {

    private static volatile ExecutionContext current;

    private final Router router;

    private ExecutionContext(Router router) {
        this.router = router;
    }

    /**
     * The context this code runs in.
     *
     * @throws IllegalStateException outside a child (in the master, or before a child is up)
     */
    public static ExecutionContext current() {
        ExecutionContext here = current;
        if (here != null) {
            return here;
        }
        Router router = Router.inChild;
        if (router == null) {
            throw new IllegalStateException("ExecutionContext.current() only works in code running in a child "
                    + "context (a called method or a thread it started); the master uses its own Router");
        }
        here = new ExecutionContext(router);
        current = here;
        return here;
    }

    /**
     * This child's own router: every connection method ({@code local}, {@code ssh}, {@code sudo},
     * containers, any {@code via}) starts a child of this context, and {@code channel(...)} opens
     * a channel here. The contexts it starts may be returned as call results.
     */
    public Router router() {
        return this.router;
    }

    /** This context, as a call argument or result names it. */
    public Context self() {
        return this.router.myself();
    }

    /** The context that started this one. */
    public Context parent() {
        return this.router.contextFor(this.router.core.parentIds()[0], "parent");
    }

    /**
     * Detaches this context from its parent: it and its subtree outlive the parent from now on
     * (losing it, even to {@code kill -9}, no longer ends them, and the parent's
     * {@code Broker.close()} lets go of it instead of stopping it), it keeps calling its own
     * children, and its descendants still die when it dies. It leaves the parent's session and
     * process group on Java 22 and later ({@code setsid()} through the foreign function API); on
     * older runtimes it stays in them (logged). Its own log records and stdout are dropped: use
     * {@link #detach(Path)} to keep them. Detaching again does nothing.
     */
    public void detach() {
        detach(null);
    }

    /**
     * {@link #detach()}, with this context's own log records and stdout appended to
     * {@code logFile} (its descendants' records are dropped until a program attaches).
     *
     * @throws MitogenException if {@code logFile} cannot be written
     */
    public void detach(Path logFile) {
        Detachment.detach(runtime(), this.router, logFile);
    }

    /** Whether {@link #detach()} was called here. */
    public boolean isDetached() {
        ChildRuntime runtime = ChildRuntime.current;
        return runtime != null && runtime.detached;
    }

    /**
     * Accepts a later program on the Unix-domain socket {@code socket} ({@code Router.attach}):
     * made with mode 0600 in a directory of mode 0700 (created if missing), so that only this OS
     * user (and root) can reach it. The program that attaches becomes this context's parent: it
     * may call it and shut it down. One at a time; the context stays detached.
     *
     * @throws MitogenException if {@code socket} exists, its directory is not this user's alone,
     *         or this runtime has no Unix-domain sockets (Java 15 and earlier)
     */
    public void listen(Path socket) {
        if (socket == null) {
            throw new IllegalArgumentException("'socket' must not be null");
        }
        Detachment.listen(runtime(), this.router, socket);
    }

    private static ChildRuntime runtime() {
        ChildRuntime runtime = ChildRuntime.current;
        if (runtime == null) {
            throw new IllegalStateException("no child runtime in this JVM");
        }
        return runtime;
    }

    @Override
    public String toString() {
        return "ExecutionContext(" + this.router.core.myId() + ")";
    }
}
