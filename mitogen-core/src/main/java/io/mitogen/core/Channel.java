package io.mitogen.core;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.router.MessageRouter.Policy;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * Values that code in other contexts sends here as things happen, without this side polling:
 * the seeds' event-driven IO. Hand {@link #sender()} to calls; the called method sends with it.
 *
 * <pre>{@code
 * try (Channel<String> lines = router.channel(String.class)) {
 *     for (Context host : hosts) {
 *         host.callAsync(LogTasks::tail, lines.sender(), "/var/log/syslog");
 *     }
 *     for (Channel.Item<String> line : lines.items()) {   // as they arrive, from every host
 *         System.out.println(line.context().name() + ": " + line.value());
 *     }                                                  // ends when every tail has returned
 * }                                                      // close(): the tails see isOpen() false
 *
 * // in the called context:
 * static int tail(Sender<String> out, String path) {
 *     while (out.isOpen()) { ... out.send(line); ... }
 * }
 * }</pre>
 *
 * <p><b>Lifetime.</b> A sender handed to a call is done when that call returns or fails, or when
 * its context goes: the called context closes it then, so what it sends must be sent by the
 * call itself, not by a thread that outlives it. The channel <em>ends</em> (iteration stops,
 * {@code get} throws {@link ChannelClosedException}) once it is closed, or once nothing is queued
 * and every sender handed out so far is done; handing out another sender opens it again. So hand
 * out the senders first, then read.
 *
 * <p><b>Trust.</b> Values are decoded as the channel's declared type, never by a class name off
 * the wire, and are accepted only from the context a sender was handed to: no other context can
 * write into a channel. A sender cannot be passed on from the context that received it.
 * Each sender may get only a window ahead of the reader ({@link ChannelOptions}): a sender
 * whose values are not read waits, so a consumer that falls behind holds a bounded amount.
 *
 * @param <T> the type of the values, as declared to {@link Router#channel(Class)}
 */
public final class Channel<T> implements Iterable<T>, AutoCloseable {

    // Over 400 lines for a reason: its documented API is half of it, and the rest is the state
    // of one channel (its queue, the grants of its senders, its windows). The grant helpers stay
    // here, not in the bundled Channels, so that only a context that hands senders on fetches them.

    private static final Log log = Log.get(Channel.class);

    /** Queued when the channel may have ended, to wake a blocked reader. */
    private static final Object WAKE = new Object();

    private final Router router;

    private final Type type;

    private final int handle;

    private final Sender<T> sender;

    /** Remote values as {@link Message}s (decoded by the reader), local ones as {@link Item}s, and {@link #WAKE}. */
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<Object>() {
        @Override
        public boolean add(Object item) {
            super.add(item);
            Channel.this.watchers.forEach(Runnable::run); // a Select over this channel (quick: it queues)
            return true;
        }
    };

    /** {@link Select}s waiting on this channel, told whenever something is queued. */
    final java.util.List<Runnable> watchers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Senders handed out and not yet done: sender id to the id of the context it was handed to. */
    private final Map<Integer, Integer> open = new ConcurrentHashMap<>();

    private final AtomicInteger nextSenderId = new AtomicInteger(1);

    /** Senders granted by the parent chain, per context they were granted to: how many are open. */
    private final Map<Integer, Integer> grants = new ConcurrentHashMap<>();

    private volatile boolean closed;

    /** Flow control: what each sender handed out may have here unread. */
    private final ChannelWindows windows;

    Channel(Router router, Type type, ChannelOptions options) {
        this.router = router;
        this.type = type;
        // Each message is checked against the sender it names (see onMessage), which a policy
        // keyed only on the handle cannot do.
        this.handle = router.core.addHandler(this::onMessage, Policy.ANY);
        this.windows = new ChannelWindows(router, this.handle, options);
        this.sender = new Sender<>(this);
    }

    /**
     * The sender to pass as an argument of a call. Used here, it queues the value directly
     * (from this context).
     */
    public Sender<T> sender() {
        return this.sender;
    }

    /** Whether {@link #close()} has not been called. */
    public boolean isOpen() {
        return !this.closed;
    }

    /**
     * Waits for the next value and returns it.
     *
     * @throws ChannelClosedException if the channel has ended (see the class description)
     * @throws CodecException if a sender sent a value that does not fit the declared type (the
     *         channel stays usable)
     */
    public T get() {
        return take(-1).value();
    }

    /**
     * Waits at most {@code timeout} for the next value.
     *
     * @throws ReceiveTimeoutException if none arrived by then
     */
    public T get(Duration timeout) {
        return take(nanos(timeout)).value();
    }

    /** Waits for the next value and returns it with the context that sent it. */
    public Item<T> receive() {
        return take(-1);
    }

    /** Waits at most {@code timeout} for the next value and returns it with the context that sent it. */
    public Item<T> receive(Duration timeout) {
        return take(nanos(timeout));
    }

    /** The values as they arrive, until the channel ends. */
    @Override
    public Iterator<T> iterator() {
        Iterator<Item<T>> items = items().iterator();
        return new Iterator<T>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public T next() {
                return items.next().value();
            }
        };
    }

    /**
     * The values with the contexts that sent them, as they arrive, until the channel ends. A
     * value that does not fit the declared type is thrown as its {@link CodecException} by
     * {@code hasNext}; iterating again goes on with the next value.
     */
    public Iterable<Item<T>> items() {
        return () -> new Iterator<Item<T>>() {

            private Item<T> next;

            @Override
            public boolean hasNext() {
                if (this.next == null) {
                    try {
                        this.next = take(-1);
                    }
                    catch (ChannelClosedException ex) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public Item<T> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException(Channel.this + " has ended");
                }
                Item<T> item = this.next;
                this.next = null;
                return item;
            }
        };
    }

    /**
     * Closes the channel: queued values are dropped, later ones are ignored, and the senders
     * handed out see {@link Sender#isOpen()} turn {@code false} (their sends are then dropped).
     */
    @Override
    public void close() {
        Set<Integer> contexts;
        // With handOut: a sender handed out while closing is either told or refused.
        synchronized (this) {
            if (this.closed) {
                return;
            }
            this.closed = true;
            contexts = new HashSet<>(this.open.values());
            this.open.clear();
        }
        this.router.core.removeHandler(this.handle);
        this.router.channels.forget(this);
        byte[] payload = this.router.codec.writer().writeInt(this.handle).toByteArray();
        for (int id : contexts) {
            this.router.core.sendTo(id, Handles.CHANNEL_CLOSED, 0, payload);
        }
        this.queue.clear();
        this.queue.add(WAKE);
    }

    @Override
    public String toString() {
        return "Channel(" + this.handle + " of " + this.type.getTypeName() + (this.closed ? ", closed)" : ")");
    }

    int handle() {
        return this.handle;
    }

    ChannelOptions options() {
        return this.windows.options();
    }

    /** Records a sender handed to a call to context {@code contextId}; returns its id. */
    /** {@code CHANNEL_GRANT} for one of {@code channels}, from the owner's parent chain (see {@link Channels}). */
    static void onGrant(Router router, java.util.Collection<Channel<?>> channels, Message message) {
        int handle;
        int grantee;
        try {
            Codec.Reader reader = router.codec.reader(message.payload, 0, message.payload.length);
            handle = reader.readInt();
            grantee = reader.readInt();
        }
        catch (RuntimeException ex) {
            log.warn("dropped a malformed sender grant from context {}", message.srcId);
            return;
        }
        for (Channel<?> channel : channels) {
            if (channel.handle() == handle) {
                channel.grant(grantee, message.srcId);
                return;
            }
        }
        log.warn("dropped a grant from context {} of a sender of channel {} to context {}: no such channel is open here",
                message.srcId, handle, grantee);
    }

    /**
     * Encodes a sender of another context's channel, handed on to {@code destination}: only a
     * context on the owner's parent chain may, and it tells the owner first. Here, not in
     * {@link Channels}, so that it is fetched only by a context that hands senders on.
     */
    static void writeHandedOn(Router router, Sender<?> value, int destination, Codec.Writer out) {
        int myId = router.core.myId();
        int owner = value.ownerId();
        // Only a context on the owner's parent chain routes to it (the master to everyone).
        if (router.core.routeTo(owner) == null && myId != 0) {
            throw new CodecException(value + " was handed to this context (" + myId + "); a sender cannot be passed on "
                    + "by a context that is not on its owner's parent chain (context " + owner + " would refuse it)");
        }
        if (owner == destination && value.id() > 0) {
            // Back to its owner: it may use the sender it handed out.
            out.writeInt(owner).writeInt(value.handle()).writeInt(value.id());
            value.writeWindow(out);
            return;
        }
        byte[] grant = router.codec.writer().writeInt(value.handle()).writeInt(destination).toByteArray();
        // Before the call: whatever way the values take, they pass where the grant passed first.
        router.core.sendTo(owner, Handles.CHANNEL_GRANT, 0, grant);
        out.writeInt(owner).writeInt(value.handle()).writeInt(grantedId(destination));
        value.writeWindow(out);
    }

    /** The sender id of a sender granted to context {@code contextId} by the parent chain. */
    static int grantedId(int contextId) {
        return -(contextId + 1);
    }

    /**
     * A context on this context's parent chain (context {@code granter}) handed this channel's
     * sender to context {@code contextId}: its values are accepted from now on, until each sender
     * so granted is closed.
     */
    synchronized void grant(int contextId, int granter) {
        if (this.closed) {
            return;
        }
        this.grants.merge(contextId, 1, Integer::sum);
        this.open.put(grantedId(contextId), contextId);
        log.debug("{}: context {} handed a sender to context {}", this, granter, contextId);
    }

    synchronized int handOut(int contextId) {
        if (this.closed) {
            throw new ChannelClosedException(this + " is closed; its sender cannot be handed out");
        }
        int id = this.nextSenderId.getAndIncrement();
        this.open.put(id, contextId);
        return id;
    }

    /** The sender {@code id} will send no more: its call ended, it was closed, or its context went. */
    void senderDone(int id) {
        if (id < 0) {
            synchronized (this) {
                Integer contextId = this.open.get(id);
                if (contextId == null || this.grants.merge(contextId, -1, Integer::sum) > 0) {
                    return;
                }
                this.grants.remove(contextId);
            }
        }
        if (this.open.remove(id) != null) {
            this.windows.forget(id);
            this.queue.add(WAKE);
        }
    }

    void contextGone(int contextId) {
        this.grants.remove(contextId);
        if (this.open.entrySet().removeIf((e) -> e.getValue() == contextId && this.windows.forget(e.getKey()))) {
            this.queue.add(WAKE);
        }
    }

    /** A value sent here by this context itself. */
    void offerLocal(T value) {
        if (!this.closed) {
            this.queue.add(new Item<>(this.router.myself(), value));
        }
    }

    private void onMessage(Message message, Stream in) {
        Codec.Reader reader = this.router.codec.reader(message.payload, 0, message.payload.length);
        int senderId;
        try {
            senderId = reader.readInt();
        }
        catch (RuntimeException ex) {
            log.warn("{}: dropped a malformed message from context {}", this, message.srcId);
            return;
        }
        Integer handedTo = this.open.get(senderId);
        if (handedTo == null) {
            // A sender's values all come before its end, so a value for a sender not open is forged.
            if (message.isDead()) {
                log.debug("{}: dropped the end of sender {} from context {}, which is done", this, senderId, message.srcId);
            }
            else {
                log.warn("{}: refused a value from context {}: no sender {} of this channel is open there", this,
                        message.srcId, senderId);
            }
            return;
        }
        if (handedTo != message.srcId) {
            log.warn("{}: refused a value from context {}: sender {} was handed to context {}", this, message.srcId,
                    senderId, handedTo);
            return;
        }
        if (message.isDead()) {
            senderDone(senderId);
        }
        else if (this.windows.arrived(senderId, message.payload.length, message.srcId)) {
            this.queue.add(message);
        }
    }

    private Item<T> take(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            if (this.closed) {
                throw new ChannelClosedException(this + " was closed");
            }
            Object next = this.queue.poll();
            // A sender's values are queued before it leaves 'open': look again once it is empty.
            if (next == null && this.open.isEmpty()) {
                next = this.queue.poll();
            }
            if (next == null) {
                if (this.open.isEmpty()) {
                    throw new ChannelClosedException(this + " has ended: nothing is queued and every sender handed "
                            + "out is done");
                }
                next = poll(timeoutNanos, deadline);
            }
            if (next != WAKE) {
                return item(next);
            }
        }
    }

    /** A timeout in nanoseconds; never negative, which would mean "wait forever" here. */
    private static long nanos(Duration timeout) {
        return Math.max(0, timeout.toNanos());
    }

    private Object poll(long timeoutNanos, long deadline) {
        try {
            if (timeoutNanos < 0) {
                return this.queue.take();
            }
            Object next = this.queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new ReceiveTimeoutException("no value on " + this + " within " + Duration.ofNanos(timeoutNanos));
            }
            return next;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new MitogenException("interrupted while waiting on " + this, ex);
        }
    }

    @SuppressWarnings("unchecked")
    private Item<T> item(Object next) {
        if (next instanceof Item) {
            return (Item<T>) next;
        }
        Message message = (Message) next;
        this.windows.consumed(Frames.getInt(message.payload, 0), message.payload.length, message.srcId);
        Context from = this.router.contextFor(message.srcId, null);
        int start = 4;
        try {
            return new Item<>(from, (T) this.router.codec.decode(message.payload, start, message.payload.length - start,
                    this.type));
        }
        catch (CodecException ex) {
            throw new CodecException("a value that " + from + " sent on " + this + " does not fit its declared type: "
                    + ex.getMessage(), ex);
        }
    }

    /**
     * One value and the context that sent it.
     *
     * @param <T> the type of the value
     */
    public static final class Item<T> {

        private final Context context;

        private final T value;

        Item(Context context, T value) {
            this.context = context;
            this.value = value;
        }

        /** The context whose sender sent the value. */
        public Context context() {
            return this.context;
        }

        /** The value. */
        public T value() {
            return this.value;
        }

        @Override
        public String toString() {
            return "Item(from " + this.context + ")";
        }
    }
}
