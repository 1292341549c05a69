package io.mitogen.core;

import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * Sends values to a {@link Channel} in another context: what a called method receives when the
 * caller passes {@link Channel#sender()} as an argument.
 *
 * <pre>{@code
 * static int tail(Sender<String> out, String path) throws IOException {
 *     while (out.isOpen()) {            // false once the caller closed the channel
 *         ...
 *         out.send(line);               // arrives in the caller's channel, in order
 *     }
 * }
 * }</pre>
 *
 * <p>A sender works in the context it was handed to. One received as a call's argument works for
 * as long as that call runs: it is closed when the call returns. One received as a call's
 * result works until it is closed or its channel is. A context on the owner's parent chain (the
 * master, for every sender) may pass a sender it holds on to another context, as an argument or
 * a result: values then go straight from that context to the owner, through their nearest
 * common ancestor. Other contexts cannot pass it on.
 *
 * @param <T> the type of the values, as the channel declares it
 */
public final class Sender<T> implements AutoCloseable {

    /** The channel itself, when this is its owner's sender; {@code null} in the receiving context. */
    private final Channel<T> local;

    private final Router router;

    private final int ownerId;

    private final int handle;

    private final int id;

    private volatile boolean closed;

    private volatile boolean ownerClosed;

    /** Flow control: how far this sender may get ahead of its owner's reader; {@code null} for the owner's own. */
    private final SendWindow window;

    Sender(Channel<T> channel) {
        this.local = channel;
        this.router = null;
        this.ownerId = -1;
        this.handle = channel.handle();
        this.id = 0;
        this.window = null;
    }

    Sender(Router router, int ownerId, int handle, int id, SendWindow window) {
        this.local = null;
        this.router = router;
        this.ownerId = ownerId;
        this.handle = handle;
        this.id = id;
        this.window = window;
    }

    /**
     * Sends {@code value} to the channel, waiting while the owner's reader is a window behind
     * ({@link ChannelOptions}). After the channel's owner closed it the value is dropped (check
     * {@link #isOpen()} to stop early).
     *
     * @throws ChannelClosedException if this sender was closed (its call returned, or {@link #close()})
     * @throws CodecException if the value is not of a type the wire carries
     * @throws MessageTooLargeException if it encodes to more than the maximum message size (nothing is sent)
     */
    public void send(T value) {
        send(value, -1);
    }

    /**
     * Sends {@code value} as {@link #send(Object)} does, waiting at most {@code timeout} while
     * the owner's reader is a window behind (see {@link ChannelOptions}). {@link #send(Object)}
     * waits as long as it takes.
     *
     * @throws SendTimeoutException if there was no room within {@code timeout}; nothing was sent
     */
    public void send(T value, java.time.Duration timeout) {
        send(value, Math.max(0, timeout.toNanos()));
    }

    private void send(T value, long timeoutNanos) {
        if (this.local != null) {
            this.local.offerLocal(value);
            return;
        }
        if (this.closed) {
            throw new ChannelClosedException(this + " is closed: its call returned or close() was called");
        }
        if (this.ownerClosed) {
            return;
        }
        Codec.Writer out = this.router.codec.writer().writeInt(this.id);
        out.write(value);
        byte[] payload = out.toByteArray();
        if (payload.length > this.router.maxMessageSize) {
            throw MessageTooLargeException.refused("a value sent on " + this, payload.length, this.router.maxMessageSize);
        }
        if (!this.window.acquire(payload.length, timeoutNanos, this)) {
            return; // the owner closed the channel, or this sender was closed, while it waited
        }
        this.router.core.sendTo(this.ownerId, this.handle, 0, payload);
    }

    /** Whether values sent now still reach a channel that is open. */
    public boolean isOpen() {
        if (this.local != null) {
            return this.local.isOpen();
        }
        return !this.closed && !this.ownerClosed;
    }

    /**
     * Tells the channel that this sender is done; the call's return does it too. The channel's
     * own sender, used in the channel's context, is not closed this way: close the channel.
     */
    @Override
    public void close() {
        if (this.local != null || this.closed) {
            return;
        }
        this.closed = true;
        this.window.end();
        this.router.channels.forget(this);
        if (!this.ownerClosed) {
            byte[] payload = this.router.codec.writer().writeInt(this.id).toByteArray();
            this.router.core.sendTo(this.ownerId, this.handle, Handles.IS_DEAD, payload);
        }
    }

    @Override
    public String toString() {
        return (this.local != null) ? "Sender(to " + this.local + ")"
                : "Sender(" + this.id + " to channel " + this.handle + " of context " + this.ownerId + ")";
    }

    Channel<T> local() {
        return this.local;
    }

    int ownerId() {
        return this.ownerId;
    }

    int handle() {
        return this.handle;
    }

    int id() {
        return this.id;
    }

    /** The owner closed the channel. */
    void ownerClosed() {
        this.ownerClosed = true;
        if (this.window != null) {
            this.window.end();
        }
    }

    /** Writes this sender's window (values, then bytes) as it travels on to another context. */
    void writeWindow(io.mitogen.core.internal.wire.Codec.Writer out) {
        this.window.writeTo(out);
    }

    /** The owner's reader consumed this many of the values sent. */
    void credit(int values, int bytes) {
        this.window.grant(values, bytes);
    }
}
