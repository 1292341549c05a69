package io.mitogen.core;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.Message;
import io.mitogen.core.internal.wire.ValueAdapter;

/**
 * A router's bookkeeping for {@link Channel}s and {@link Sender}s: which senders a call being
 * encoded hands out (and to whom), which senders a running call received (closed when it
 * returns), and the channels and senders to tell when a context or channel goes.
 */
final class Channels {

    private final Router router;

    /** This router's open channels. */
    private final Set<Channel<?>> channels = ConcurrentHashMap.newKeySet();

    /** Senders received here, by owner context and channel handle, for {@code CHANNEL_CLOSED}. */
    private final Map<Long, Set<Sender<?>>> received = new ConcurrentHashMap<>();

    /** Per thread, so that encoding a call without senders allocates nothing. */
    private final ThreadLocal<Outgoing> outgoing = ThreadLocal.withInitial(Outgoing::new);

    /** Calls queued for the call runner, and calls it started; they run in queue order. */
    private final AtomicLong callsQueued = new AtomicLong();

    private volatile long callsStarted;

    /**
     * Channels closed while calls that may carry their senders were still queued or decoding:
     * owner and handle to the number of calls queued at the close. Calls run in queue order, so
     * an entry is dropped once a later call starts.
     */
    private final Map<Long, Long> closedBeforeDecoding = new ConcurrentHashMap<>();

    /** The call running on this thread: who called, and the senders it received; reused. */
    private final ThreadLocal<Incoming> incoming = ThreadLocal.withInitial(Incoming::new);

    Channels(Router router) {
        this.router = router;
    }

    <T> Channel<T> open(Type type, ChannelOptions options) {
        Channel<T> channel = new Channel<>(this.router, type, options);
        this.channels.add(channel);
        return channel;
    }

    void forget(Channel<?> channel) {
        this.channels.remove(channel);
    }

    void forget(Sender<?> sender) {
        this.received.computeIfPresent(key(sender.ownerId(), sender.handle()), (key, senders) -> {
            senders.remove(sender);
            return senders.isEmpty() ? null : senders;
        });
    }

    /** Starts encoding a call to {@code destination} on this thread. */
    Outgoing beginEncoding(Context destination) {
        Outgoing call = this.outgoing.get();
        call.destination = destination;
        return call;
    }

    /**
     * Ends encoding on this thread. Each sender handed out is done when {@code answer} arrives,
     * whatever it is (the callee also closes its senders before answering); with {@code null},
     * the call is not sent and its senders are done at once.
     */
    void endEncoding(Outgoing call, Receiver<?> answer) {
        List<Runnable> handedOut = call.handedOut;
        call.destination = null;
        call.handedOut = null;
        if (handedOut == null) {
            return;
        }
        Runnable done = () -> handedOut.forEach(Runnable::run);
        if (answer == null) {
            done.run();
        }
        else {
            answer.onArrival(done);
        }
    }

    /**
     * Starts encoding the answer to a call from {@code callerId} on this thread: a sender in it
     * is handed to the caller, for as long as its channel is open and the caller is there.
     */
    Outgoing beginAnswer(int callerId) {
        Outgoing answer = this.outgoing.get();
        Outgoing saved = null;
        if (answer.destination != null) {
            // Answering while encoding something else on this thread (rare): keep it aside.
            saved = new Outgoing();
            saved.destination = answer.destination;
            saved.handedOut = answer.handedOut;
            saved.answer = answer.answer;
        }
        answer.destination = this.router.contextFor(callerId, null);
        answer.handedOut = null;
        answer.answer = true;
        return saved;
    }

    /** Ends encoding an answer; puts back what this thread was encoding before, if anything. */
    void endAnswer(Outgoing saved) {
        Outgoing answer = this.outgoing.get();
        answer.destination = (saved != null) ? saved.destination : null;
        answer.handedOut = (saved != null) ? saved.handedOut : null;
        answer.answer = saved != null && saved.answer;
    }

    /**
     * {@code CHANNEL_GRANT} from this context's parent chain: a sender of one of its channels
     * was handed to another context, which may now send to it.
     */
    void onGrant(Message message, Stream in) {
        if (this.channels.isEmpty()) {
            // Channel (fetched on demand) is not touched on this reading thread unless it is loaded.
            Log.get(Channels.class).warn("dropped a sender grant from context {}: no channel is open here", message.srcId);
            return;
        }
        Channel.onGrant(this.router, this.channels, message);
    }

    /** A call was queued to run (on the thread that received it). */
    void callQueued() {
        this.callsQueued.incrementAndGet();
    }

    /** Starts running, on the call runner's thread, the next queued call, from context {@code callerId}. */
    void beginCall(int callerId) {
        Incoming call = this.incoming.get();
        call.callerId = callerId;
        long sequence = this.callsStarted + 1;
        this.callsStarted = sequence;
        call.sequence = sequence;
        if (!this.closedBeforeDecoding.isEmpty()) {
            this.closedBeforeDecoding.values().removeIf((queuedAtClose) -> queuedAtClose < sequence);
        }
    }

    /**
     * Brackets the decoding of a call's arguments, the one place a sender may arrive: not the
     * answers or channel values the call itself reads later, which a grandchild could forge.
     */
    void decodingArguments(boolean decoding) {
        this.incoming.get().decodingArguments = decoding;
    }

    /** Who called the call running on this thread ({@code 0}, the master, on other threads). */
    int callerId() {
        return this.incoming.get().callerId;
    }

    /** Ends the call running on this thread: the senders it received are closed. */
    void endCall() {
        Incoming call = this.incoming.get();
        call.decodingArguments = false;
        List<Sender<?>> senders = call.senders;
        if (senders != null) {
            call.senders = null;
            senders.forEach(Sender::close);
        }
    }

    /** In a context that received senders: their owner closed the channel named by the payload. */
    void onChannelClosed(Message message, Stream in) {
        int handle = this.router.codec.reader(message.payload, 0, message.payload.length).readInt();
        long key = key(message.srcId, handle);
        // From a context off the parent chain (a sibling owner) only about senders held here:
        // a child must not grow the record below with closes of channels nobody here knows.
        if (!this.router.core.isAncestor(message.authId) && !this.received.containsKey(key)) {
            return;
        }
        // A call that carries a sender of this channel may still be queued, or decoding its
        // arguments on the runner's thread: it finds this record (see SenderAdapter.read).
        this.closedBeforeDecoding.put(key, this.callsQueued.get());
        Set<Sender<?>> senders = this.received.remove(key);
        if (senders != null) {
            senders.forEach(Sender::ownerClosed);
        }
    }

    /**
     * Credit from the owner of senders held here, the sender of this message: room for more
     * values. Only a sender of that owner's channel gets it, so no other context can unblock it.
     */
    void onCredit(Message message, Stream in) {
        Codec.Reader reader = this.router.codec.reader(message.payload, 0, message.payload.length);
        int handle = reader.readInt();
        int id = reader.readInt();
        int values = reader.readInt();
        int bytes = reader.readInt();
        Set<Sender<?>> senders = this.received.get(key(message.srcId, handle));
        if (senders != null) {
            for (Sender<?> sender : senders) {
                if (sender.id() == id) {
                    sender.credit(values, bytes);
                }
            }
        }
    }

    void contextGone(int id) {
        for (Channel<?> channel : this.channels) {
            channel.contextGone(id);
        }
        // Senders whose owner went: a send waiting for its credit must not wait for ever.
        this.received.forEach((key, senders) -> {
            if ((int) (key >>> 32) == id) {
                senders.forEach(Sender::ownerClosed);
            }
        });
    }

    private static long key(int ownerId, int handle) {
        return ((long) ownerId << 32) | (handle & 0xFFFFFFFFL);
    }

    /** The call being encoded on a thread; reused, so most calls allocate nothing here. */
    static final class Outgoing {

        Context destination;

        /** What marks each sender handed out as done; made on the first sender. */
        List<Runnable> handedOut;

        /** Encoding an answer: senders in it stay handed out (no call return ends them). */
        boolean answer;

        boolean handsOutSenders() {
            return this.handedOut != null;
        }
    }

    private static final class Incoming {

        boolean decodingArguments;

        int callerId;

        /** Which queued call this is, counting from 1. */
        long sequence;

        /** Made on the first sender. */
        List<Sender<?>> senders;
    }

    /**
     * A sender travels as its owner's id, its channel's handle and its own id. A context hands
     * out the senders of its own channels, and may hand on a sender of a context below it (it
     * is on that owner's parent chain): it tells the owner first ({@code CHANNEL_GRANT}), and
     * the owner accepts values only from the context it was told of. Nobody else can hand a
     * sender on: the owner would not listen to them, so encoding refuses it here.
     */
    @SuppressWarnings("rawtypes")
    final class SenderAdapter implements ValueAdapter<Sender> {

        @Override
        public Class<Sender> type() {
            return Sender.class;
        }

        @Override
        public int tag() {
            return Adapters.SENDER_TAG;
        }

        @Override
        public void write(Sender value, Codec.Writer out) {
            Outgoing call = Channels.this.outgoing.get();
            if (call.destination == null) {
                throw new CodecException("a Sender travels only as an argument or the result of a call, e.g. "
                        + "ctx.call(Tasks::follow, channel.sender())");
            }
            int destination = call.destination.id();
            int myId = Channels.this.router.core.myId();
            Channel<?> channel = value.local();
            if (channel == null) {
                Channel.writeHandedOn(Channels.this.router, value, destination, out);
                return;
            }
            int id = channel.handOut(destination);
            if (!call.answer) {
                if (call.handedOut == null) {
                    call.handedOut = new ArrayList<>(1);
                }
                call.handedOut.add(() -> channel.senderDone(id));
            }
            ChannelOptions window = channel.options();
            out.writeInt(myId).writeInt(channel.handle()).writeInt(id).writeInt(window.windowValues())
                    .writeInt(window.windowBytes());
        }

        @Override
        public Sender read(Codec.Reader in, Type declared) {
            int owner = in.readInt();
            int handle = in.readInt();
            int id = in.readInt();
            int windowValues = in.readInt();
            int windowBytes = in.readInt();
            Incoming call = Channels.this.incoming.get();
            if (windowValues < 1 || windowBytes < 1) {
                throw new CodecException("a Sender with a window of " + windowValues + " values and " + windowBytes
                        + " bytes (each must be at least 1)");
            }
            Sender<?> sender = new Sender<>(Channels.this.router, owner, handle, id, new SendWindow(windowValues, windowBytes));
            long key = key(owner, handle);
            Channels.this.received.compute(key, (k, senders) -> {
                Set<Sender<?>> known = (senders != null) ? senders : ConcurrentHashMap.newKeySet();
                known.add(sender);
                return known;
            });
            if (!call.decodingArguments) {
                // An answer or a channel value: the holder keeps it until it closes it; its owner
                // accepts values only if it handed it out here or was told so by its parent chain.
                return sender;
            }
            Long queuedAtClose = Channels.this.closedBeforeDecoding.get(key);
            if (queuedAtClose != null && call.sequence <= queuedAtClose) {
                sender.ownerClosed();
            }
            if (call.senders == null) {
                call.senders = new ArrayList<>(1);
            }
            call.senders.add(sender);
            return sender;
        }
    }
}
