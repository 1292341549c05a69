package io.mitogen.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.mitogen.core.internal.constants.Timeouts;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.constants.Handles;

/**
 * One context being stopped on behalf of {@link Context#shutdown()} or
 * {@link Router#shutdown(Collection)}: the request is sent at once, and what completes when the
 * context is gone is waited for separately, so many can be asked before any is waited for.
 * Nothing here runs on a reading thread (a child fetches this class when its code first stops
 * a context).
 */
final class Stopping {

    private final Context context;

    private final CompletableFuture<?> done;

    private final Receiver<Object> answer;

    /** The only answer to a SHUTDOWN sent straight to a context is the end of its route. */
    private final boolean goneIsTheAnswer;

    private Stopping(Context context, CompletableFuture<?> done, Receiver<Object> answer, boolean goneIsTheAnswer) {
        this.context = context;
        this.done = done;
        this.answer = answer;
        this.goneIsTheAnswer = goneIsTheAnswer;
    }

    static void stop(Router router, Context context) {
        Duration grace = router.broker.shutdownGrace();
        start(router, context, grace).await(grace);
    }

    static void all(Router router, Collection<? extends Context> contexts) {
        Set<Context> asked = new HashSet<>(contexts);
        Duration grace = router.broker.shutdownGrace();
        List<Stopping> stopping = new ArrayList<>();
        for (Context context : asked) {
            if (context == null || !context.isConnected() || context == router.myself() || hasAncestorIn(context, asked)) {
                continue;
            }
            stopping.add(start(router, context, grace));
        }
        MitogenException failed = null;
        for (Stopping each : stopping) {
            try {
                each.await(grace);
            }
            catch (MitogenException ex) {
                if (failed == null) {
                    failed = ex;
                }
                else {
                    failed.addSuppressed(ex);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private static boolean hasAncestorIn(Context context, Set<Context> set) {
        for (Context via = context.via(); via != null; via = via.via()) {
            if (set.contains(via)) {
                return true;
            }
        }
        return false;
    }

    /** Asks {@code context} to stop; nothing here waits (the answers complete the result). */
    private static Stopping start(Router router, Context context, Duration grace) {
        int myId = router.core.myId();
        if (router.isDirectChild(context.id())) {
            return new Stopping(context, router.stopChild(context.id(), grace), null, false);
        }
        if (context.via() != null) {
            Receiver<Object> answer = router.calls.newReceiver(context.via(), Object.class, "stop " + context);
            Codec.Writer out = router.codec.writer().writeInt(context.id());
            out.writeLong(grace.toMillis());
            router.core.sendTo(context.via().id(), Handles.STOP_CHILD, answer.handle(), out.toByteArray());
            return new Stopping(context, arrival(answer), answer, false);
        }
        if (context.id() != myId) {
            // Started by a context below this one (it crossed as a call result): asked directly,
            // as its parent chain may; it is gone when its route is.
            Receiver<Object> answer = router.calls.newReceiver(context, Object.class, "shut down " + context);
            router.core.sendTo(context.id(), Handles.SHUTDOWN, answer.handle(), null);
            return new Stopping(context, arrival(answer), answer, true);
        }
        throw new InvalidCallException(context + " is this context itself; it cannot stop itself this way");
    }

    /**
     * Completes when {@code answer} arrives. Not decoded there: that is the delivering (reading)
     * thread, which must not load classes a child would fetch (an exception's among them).
     */
    private static CompletableFuture<Void> arrival(Receiver<Object> answer) {
        CompletableFuture<Void> arrived = new CompletableFuture<>();
        answer.onArrival(() -> arrived.complete(null));
        return arrived;
    }

    private void await(Duration grace) {
        try {
            this.done.get(grace.toMillis() + Timeouts.STOP_MARGIN_MILLIS, TimeUnit.MILLISECONDS);
            if (this.answer != null) {
                check();
            }
        }
        catch (Exception ex) {
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (this.context.isConnected()) {
                throw new MitogenException("could not confirm that " + this.context + " stopped: " + ex, ex);
            }
        }
    }

    private void check() {
        try {
            this.answer.get();
        }
        catch (ContextDisconnectedException ex) {
            if (this.goneIsTheAnswer) {
                return;
            }
            throw ex;
        }
        if (this.goneIsTheAnswer) {
            throw new MitogenException(this.context + " answered a shutdown instead of exiting");
        }
    }
}
