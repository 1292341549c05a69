package io.mitogen.core;

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

    @Override
    public String toString() {
        return "ExecutionContext(" + this.router.core.myId() + ")";
    }
}
