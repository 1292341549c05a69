package io.mitogen.core;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.Message;

/**
 * The answer to one call, arriving later: {@link #get()} blocks until it is there. A receiver may
 * be read any number of times, kept unread, or handed to {@link Select} with others.
 *
 * @param <T> the type of the result, as declared by the called method
 */
public final class Receiver<T> {

    private final Router router;

    private final Context context;

    private final Type type;

    private final String what;

    private final CountDownLatch arrived = new CountDownLatch(1);

    /**
     * Guards the fields below. A lock, not {@code synchronized}: a virtual thread that waits for
     * it unmounts instead of pinning its carrier (before Java 24, monitors pin).
     */
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

    /** Made only for those who wait on arrival ({@link Select}, channels, class fetches); most receivers are read directly. */
    private List<Runnable> listeners;

    private volatile int handle;

    private Message message;

    private boolean decoded;

    private Object value;

    private RuntimeException failure;

    /** What observes this call ({@link CallObserver}); made only when there are observers. */
    private List<CallObserver.Completion> completions;

    /** When the call was sent, for {@link CallListener}s; 0 for answers that are not calls. */
    private long callStartNanos;

    Receiver(Router router, Context context, Type type, String what) {
        this.router = router;
        this.context = context;
        this.type = type;
        this.what = what;
    }

    /** The context that answers. */
    public Context context() {
        return this.context;
    }

    /** Whether the answer has arrived, so {@link #get()} will not block. */
    public boolean isReady() {
        return this.arrived.getCount() == 0;
    }

    /** Waits for the answer and returns it, or throws what the call threw as {@link CallException}. */
    public T get() {
        try {
            this.arrived.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new MitogenException("interrupted while waiting for " + this.what + " in " + this.context, ex);
        }
        return result();
    }

    /**
     * Waits at most {@code timeout} for the answer.
     *
     * @throws ReceiveTimeoutException if it has not arrived by then (it may still arrive later)
     */
    public T get(Duration timeout) {
        try {
            if (!this.arrived.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ReceiveTimeoutException("no answer from " + this.context + " to " + this.what + " within "
                        + timeout);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new MitogenException("interrupted while waiting for " + this.what + " in " + this.context, ex);
        }
        return result();
    }

    /**
     * The answer as a {@link CompletableFuture}, to compose with other futures
     * ({@code CompletableFuture.allOf}), Spring's async MVC or {@code @Async} methods. It
     * completes with the value, or exceptionally with the very exception {@link #get()} throws
     * ({@code join()} wraps it in a {@code CompletionException}, {@code get()} in an
     * {@code ExecutionException}, as for any future). It is completed on
     * {@code CompletableFuture}'s default async executor, never on the thread that delivered
     * the answer, so that stages the caller adds never run inside the router. Cancelling the
     * future does not cancel the call.
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> future = new CompletableFuture<>();
        Futures.completeOn(this, future, future.defaultExecutor());
        return future;
    }

    /**
     * As {@link #toCompletableFuture()}, completed on {@code executor} (for example the
     * application's task executor). If it refuses the task, a new thread completes the future.
     */
    public CompletableFuture<T> toCompletableFuture(Executor executor) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Futures.completeOn(this, future, executor);
        return future;
    }

    @Override
    public String toString() {
        return "Receiver(" + this.what + " in " + this.context + (isReady() ? ", ready)" : ")");
    }

    int handle() {
        return this.handle;
    }

    String what() {
        return this.what;
    }

    void countAsCall() {
        this.callStartNanos = System.nanoTime();
    }

    /** Called on the calling thread before the call is sent. */
    void observedBy(CallObserver.Completion completion) {
        if (completion != null) {
            if (this.completions == null) {
                this.completions = new ArrayList<>(1);
            }
            this.completions.add(completion);
        }
    }

    void bind(int handle) {
        this.handle = handle;
    }

    /** Called once per receiver by whoever delivers the answer; later answers are ignored. */
    void complete(Message answer) {
        List<Runnable> toRun;
        this.lock.lock();
        try {
            if (this.message != null) {
                return;
            }
            this.message = answer;
            toRun = this.listeners;
            this.listeners = null;
        }
        finally {
            this.lock.unlock();
        }
        this.router.calls.receiverDone(this);
        if (this.callStartNanos != 0) {
            boolean failed = answer.isDead()
                    || (answer.payload.length > 0 && (answer.payload[0] & 0xff) == Adapters.THROWABLE_TAG);
            this.router.calls.callCompleted(this, System.nanoTime() - this.callStartNanos, failed);
            if (this.completions != null) {
                for (CallObserver.Completion completion : this.completions) {
                    try {
                        completion.callCompleted(failed);
                    }
                    catch (RuntimeException ex) {
                        // An observer's bug must not keep the answer from its caller.
                    }
                }
            }
        }
        this.arrived.countDown();
        if (toRun != null) {
            toRun.forEach(Runnable::run);
        }
    }

    /** Runs {@code listener} once the answer is there (at once if it already is). */
    void onArrival(Runnable listener) {
        this.lock.lock();
        try {
            if (this.message == null) {
                if (this.listeners == null) {
                    this.listeners = new ArrayList<>(1);
                }
                this.listeners.add(listener);
                return;
            }
        }
        finally {
            this.lock.unlock();
        }
        listener.run();
    }

    @SuppressWarnings("unchecked")
    private T result() {
        this.lock.lock();
        try {
            if (!this.decoded) {
                decode();
                this.decoded = true;
            }
            if (this.failure != null) {
                throw this.failure;
            }
            return (T) this.value;
        }
        finally {
            this.lock.unlock();
        }
    }

    private void decode() {
        Message answer = this.message;
        if (answer.isDead()) {
            String reason = answer.deadReason();
            byte kind = answer.deadKind();
            this.failure = (kind == Message.DEAD_REFUSED || kind == Message.DEAD_NO_HANDLER)
                    ? new MessageRefusedException(this.what + " was refused: " + reason)
                    : new ContextDisconnectedException(this.what + " got no answer: " + reason);
            return;
        }
        Codec codec = this.router.codec;
        byte[] payload = answer.payload;
        if (payload.length > 0 && (payload[0] & 0xff) == Adapters.THROWABLE_TAG) {
            CallException remote = (CallException) codec.decode(payload, 0, payload.length, CallException.class);
            this.failure = remote.withCallSite(this.what + " in " + this.context);
            return;
        }
        try {
            Codec.Reader reader = codec.reader(answer);
            this.value = reader.read(this.type);
            reader.expectEnd();
        }
        catch (CodecException ex) {
            this.failure = new CodecException("the answer of " + this.context + " to " + this.what
                    + " does not fit its declared type: " + ex.getMessage(), ex);
        }
    }

    /**
     * Completing futures, apart from {@link Receiver} itself: a child fetches this code only when
     * it uses a future (see {@code CoreBundle}).
     */
    private static final class Futures {

        private Futures() {
        }

        static <T> void completeOn(Receiver<T> receiver, CompletableFuture<T> future, Executor executor) {
            Runnable complete = () -> {
                try {
                    future.complete(receiver.result());
                }
                catch (RuntimeException ex) {
                    future.completeExceptionally(ex);
                }
            };
            // On the delivering thread: hand over, never decode or complete (and so run stages) here.
            receiver.onArrival(() -> {
                try {
                    executor.execute(complete);
                }
                catch (RejectedExecutionException ex) {
                    Thread thread = new Thread(complete, "mitogen-future");
                    thread.setDaemon(true);
                    thread.start();
                }
            });
        }

    }
}
