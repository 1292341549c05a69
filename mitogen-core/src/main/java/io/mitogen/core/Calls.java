package io.mitogen.core;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.router.MessageRouter;
import io.mitogen.core.internal.router.MessageRouter.Policy;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.Message;

/**
 * The calls a router makes and answers: encoding a call and sending it, the receivers waiting
 * for answers (each on a handle of its own, failed at once when its context goes), answering
 * calls made here, and the listeners and observers of calls. Split from {@link Router}, which
 * stays the API's facade.
 */
final class Calls {

    private static final Log log = Log.get(Calls.class);

    private final Router router;

    private final Map<Integer, Receiver<?>> pending = new ConcurrentHashMap<>();

    final List<CallListener> listeners = new CopyOnWriteArrayList<>();

    final List<CallObserver> observers = new CopyOnWriteArrayList<>();

    Calls(Router router) {
        this.router = router;
    }

    /** Sends a call; with {@code wantReply}, returns the receiver of its result. */
    <T> Receiver<T> invoke(Context context, CallTarget target, Object[] args, boolean wantReply) {
        this.router.classServer.remember(target.className, target.loader);
        if (!context.isConnected()) {
            throw new ContextDisconnectedException(context + " is gone; cannot call " + target);
        }
        Channels.Outgoing call = this.router.channels.beginEncoding(context);
        Codec.Writer payload;
        try {
            payload = checkedSize(target.encode(this.router.codec, args), "the arguments of " + target + " to " + context);
        }
        catch (RuntimeException ex) {
            this.router.channels.endEncoding(call, null);
            throw ex;
        }
        if (!wantReply && !call.handsOutSenders()) {
            send(payload, context.id(), Handles.CALL_FUNCTION, 0);
            return null;
        }
        Receiver<T> receiver = newReceiver(context, target.returnType, target.toString());
        this.router.channels.endEncoding(call, receiver);
        if (!wantReply) {
            // Answered all the same, so that its senders end even if it fails before decoding
            // them; nobody waits for the answer, so a failure is logged here.
            receiver.onArrival(() -> logIfFailed(receiver));
            send(payload, context.id(), Handles.CALL_FUNCTION, receiver.handle());
            return null;
        }
        receiver.countAsCall();
        offerClass(context, target);
        if (target.methodName.equals("run") && target.className.equals("io.mitogen.core.FakeSsh")) {
            // Lets the child open sessions at the destination through here (FakeSsh's grant).
            FakeSsh.granted(this.router, context, args, receiver);
        }
        if (!this.observers.isEmpty()) {
            CallObservers.callStarting(this.observers, context, target.toString(), receiver, payload);
        }
        send(payload, context.id(), Handles.CALL_FUNCTION, receiver.handle());
        return receiver;
    }

    /**
     * Sends a child the task's class (and its neighbours) before its first call of it, unless the
     * child has it: it would ask for it first thing, a round trip before the call can start.
     * Only to this context's own children: a grandchild asks its parent, which keeps what passes
     * through it for the rest of its subtree (and a sibling would refuse it).
     */
    private void offerClass(Context context, CallTarget target) {
        if (!this.router.isDirectChild(context.id())) {
            return;
        }
        byte[] offer = this.router.classServer.offerFor(context.id(), target.className);
        if (offer != null) {
            this.router.core.sendTo(context.id(), Handles.CLASS_OFFER, 0, offer);
        }
    }

    private static void logIfFailed(Receiver<?> answer) {
        try {
            answer.get();
        }
        catch (RuntimeException ex) {
            log.warn("{} in {} failed (the caller is not waiting for it): {}", answer.what(), answer.context(),
                    ex.getMessage());
        }
    }

    /** A receiver for one answer from {@code context}, decoded as {@code type}. */
    <T> Receiver<T> newReceiver(Context context, Type type, String what) {
        Receiver<T> receiver = new Receiver<>(this.router, context, type, what);
        int handle = this.router.core.addHandler((message, in) -> receiver.complete(message), Policy.from(context.id()));
        receiver.bind(handle);
        this.pending.put(handle, receiver);
        if (!context.isConnected()) {
            receiver.complete(disconnected(context, handle));
        }
        return receiver;
    }

    void receiverDone(Receiver<?> receiver) {
        this.router.core.removeHandler(receiver.handle());
        this.pending.remove(receiver.handle());
    }

    /** Tells the call listeners; called once per call receiver when its answer arrives. */
    void callCompleted(Receiver<?> receiver, long elapsedNanos, boolean failed) {
        if (this.listeners.isEmpty()) {
            return;
        }
        Duration elapsed = Duration.ofNanos(elapsedNanos);
        for (CallListener listener : this.listeners) {
            try {
                listener.onCallCompleted(receiver.context(), receiver.what(), elapsed, failed);
            }
            catch (RuntimeException ex) {
                log.warn("a call listener failed: {}", ex.toString());
            }
        }
    }

    /** Answers {@code request} with {@code value} (a {@link Throwable} travels as a failure). */
    void reply(Message request, Object value) {
        if (request.replyTo <= 0) {
            return;
        }
        Codec.Writer payload;
        if (cannotHoldSender(value)) {
            payload = encodeAnswer(value);
        }
        else {
            // A sender in the answer is handed to the caller.
            Channels.Outgoing answer = this.router.channels.beginAnswer(request.srcId);
            try {
                payload = encodeAnswer(value);
            }
            finally {
                this.router.channels.endAnswer(answer);
            }
        }
        send(payload, request.srcId, request.replyTo, 0);
    }

    /** An answer's encoding; a value that cannot be encoded travels as the {@link CodecException} saying why. */
    private Codec.Writer encodeAnswer(Object value) {
        try {
            return checkedSize(this.router.codec.writer().write(value), "the result of the call");
        }
        catch (CodecException ex) {
            return this.router.codec.writer().write(ex);
        }
    }

    /** {@code payload}, if it fits in one message; else a {@link MessageTooLargeException} naming {@code what}. */
    private Codec.Writer checkedSize(Codec.Writer payload, String what) {
        if (payload.length() > this.router.maxMessageSize) {
            throw MessageTooLargeException.refused(what, payload.length(), this.router.maxMessageSize);
        }
        return payload;
    }

    /** Most answers: nothing in them can be a sender, so they skip the sender bookkeeping. */
    private static boolean cannotHoldSender(Object value) {
        return value == null || value instanceof Number || value instanceof String || value instanceof Boolean
                || value instanceof byte[] || value instanceof Throwable;
    }

    /**
     * Asks the parent for a class or resource ({@code handle} {@code GET_CLASS} or
     * {@code GET_RESOURCE}); completes with the answer's bytes, {@code null} for none.
     */
    CompletableFuture<byte[]> fetchUpstream(int handle, String name) {
        int parentId = this.router.core.parentIds()[0];
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        String what = ((handle == Handles.GET_CLASS) ? "class " : "resource ") + name;
        Receiver<byte[]> answer = newReceiver(this.router.contextFor(parentId, "parent"), byte[].class, what);
        answer.onArrival(() -> {
            try {
                bytes.complete(answer.get());
            }
            catch (RuntimeException ex) {
                bytes.completeExceptionally(ex);
            }
        });
        this.router.core.sendTo(parentId, handle, answer.handle(),
                name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return bytes;
    }

    /** A detached context lost its parent: answers it will never send fail now (class fetches too). */
    void parentGone() {
        for (Receiver<?> receiver : this.pending.values()) {
            if (this.router.core.isAncestor(receiver.context().id())) {
                receiver.complete(disconnected(receiver.context(), receiver.handle()));
            }
        }
    }

    private Message disconnected(Context context, int handle) {
        Message request = new Message(context.id(), this.router.core.myId(), this.router.core.myId(), 0, handle, null);
        return request.deadReply(context.id(), Message.DEAD_DISCONNECTED, context + " is gone (its link was lost or it shut down)");
    }

    /** Sends an encoded call or answer from this context; the payload may carry large arrays by reference. */
    private void send(Codec.Writer payload, int dstId, int handle, int replyTo) {
        MessageRouter core = this.router.core;
        core.send(payload.message(dstId, core.myId(), core.myId(), handle, replyTo));
    }

    /** {@code id} is gone: every answer awaited from it fails now. */
    void contextGone(int id) {
        for (Receiver<?> receiver : this.pending.values()) {
            if (receiver.context().id() == id) {
                receiver.complete(disconnected(receiver.context(), receiver.handle()));
            }
        }
    }
}
