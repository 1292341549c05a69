package io.mitogen.core.internal.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import io.mitogen.core.internal.constants.Handles;

/**
 * One routed message: the 26-byte header fields of a frame and its payload.
 *
 * <p>{@code dstId} and {@code srcId} name contexts, {@code authId} names the context on whose
 * authority the message was sent (checked against the stream it arrived on), {@code handle}
 * names the receiver in the destination, and {@code replyTo} the handle an answer goes to
 * ({@code 0}: none wanted; {@link Handles#IS_DEAD}: this message reports a failure).
 */
public final class Message {

    private static final byte[] EMPTY = new byte[0];

    /** Dead: the destination context is unknown or gone. */
    public static final byte DEAD_NO_ROUTE = 1;

    /** Dead: the destination refused the message (its policy, e.g. not from a parent). */
    public static final byte DEAD_REFUSED = 2;

    /** Dead: the destination context has no such handle (closed, or never existed). */
    public static final byte DEAD_NO_HANDLER = 3;

    /** Dead: the link to the destination was lost before it answered. */
    public static final byte DEAD_DISCONNECTED = 4;

    public final int dstId;
    public final int srcId;
    public final int authId;
    public final int handle;
    public final int replyTo;
    /**
     * The payload; for a message made by {@link Codec.Writer#message} that carries large
     * {@code byte[]} values by reference ({@link #hasBulk()}), only the bytes around them.
     */
    public final byte[] payload;

    /** Large arrays written in place, each before {@code payload[bulkAt[i]]}; {@code null}: none. */
    final byte[][] bulk;

    final int[] bulkAt;

    private final int length;

    /**
     * Set once a message with bulk was written (or can no longer be), for the sender waiting on
     * it; {@code null} with bulk: the arrays were read from a stream and are this message's own
     * (nobody waits, and a handler may keep them: {@code Codec.reader(Message)}).
     */
    volatile java.util.concurrent.CountDownLatch written;

    public Message(int dstId, int srcId, int authId, int handle, int replyTo, byte[] payload) {
        this(dstId, srcId, authId, handle, replyTo, payload, null, null, false);
    }

    /**
     * @param owned the bulk arrays belong to this message (read from a stream: nobody else has
     *        them), so nobody waits for it to be written; else they are the sender's
     */
    Message(int dstId, int srcId, int authId, int handle, int replyTo, byte[] payload, byte[][] bulk, int[] bulkAt,
            boolean owned) {
        this.dstId = dstId;
        this.srcId = srcId;
        this.authId = authId;
        this.handle = handle;
        this.replyTo = replyTo;
        this.payload = (payload != null) ? payload : EMPTY;
        this.bulk = bulk;
        this.bulkAt = bulkAt;
        long total = this.payload.length;
        if (bulk != null) {
            for (byte[] array : bulk) {
                total += array.length;
            }
            this.written = owned ? null : new java.util.concurrent.CountDownLatch(1);
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new io.mitogen.core.CodecException("a message of " + total + " bytes is too large to send");
        }
        this.length = (int) total;
    }

    /** The payload's length on the wire, bulk arrays included. */
    public int length() {
        return this.length;
    }

    /**
     * Whether large {@code byte[]} values travel by reference (written from the caller's arrays):
     * such a message must be written before its sender goes on, see {@code awaitWritten()}.
     */
    public boolean hasBulk() {
        return this.bulk != null;
    }

    /** Whether this goes as an {@code MB} frame: with one bulk array. */
    boolean isBulkFrame() {
        return this.bulk != null && this.bulk.length == 1;
    }

    /**
     * Writes what follows the header. A message with one bulk array goes as {@link Frames#BULK_MAGIC}
     * says: the array's length, the payload around it, then the array. Else the payload as
     * {@link #writePayloadTo} writes it.
     */
    public void writeFrameBody(OutputStream out) throws IOException {
        if (!isBulkFrame()) {
            writePayloadTo(out);
            return;
        }
        byte[] size = new byte[4];
        Frames.putInt(size, 0, this.bulk[0].length);
        out.write(size);
        writeSliced(out, this.payload, 0, this.payload.length);
        writeSliced(out, this.bulk[0], 0, this.bulk[0].length);
    }

    /** Writes the payload as it goes on the wire: the bytes, with the bulk arrays in their places. */
    public void writePayloadTo(OutputStream out) throws IOException {
        if (this.bulk == null) {
            writeSliced(out, this.payload, 0, this.payload.length);
            return;
        }
        int from = 0;
        for (int i = 0; i < this.bulk.length; i++) {
            writeSliced(out, this.payload, from, this.bulkAt[i] - from);
            writeSliced(out, this.bulk[i], 0, this.bulk[i].length);
            from = this.bulkAt[i];
        }
        writeSliced(out, this.payload, from, this.payload.length - from);
    }

    /**
     * The same message with one flat payload, for delivery inside this JVM: a sender's arrays
     * must not be kept. Arrays read from a stream ({@link #written} {@code null}) stay apart: only calls
     * and their answers carry them, decoded with {@code Codec.reader(Message)}.
     */
    public Message flattened() {
        if (this.bulk == null || this.written == null) {
            return this;
        }
        java.io.ByteArrayOutputStream flat = new java.io.ByteArrayOutputStream(this.length);
        try {
            writePayloadTo(flat);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        markWritten();
        return new Message(this.dstId, this.srcId, this.authId, this.handle, this.replyTo, flat.toByteArray());
    }

    /** Called by the stream once this message is written, or dropped. */
    public void markWritten() {
        java.util.concurrent.CountDownLatch latch = this.written;
        if (latch != null) {
            latch.countDown();
        }
    }

    /**
     * Waits up to {@code millis} until a message with bulk was written or dropped: only then may
     * its arrays change. Returns whether it was.
     */
    public boolean awaitWritten(long millis) throws InterruptedException {
        java.util.concurrent.CountDownLatch latch = this.written;
        return latch == null || latch.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Writes in slices: a stream over a file descriptor copies each write through a native buffer
     * of the write's size (malloc for more than 8 KiB), so one 32 MiB write costs a 32 MiB copy
     * and page faults; 64 KiB slices (a pipe's size) do not.
     */
    static void writeSliced(OutputStream out, byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, Frames.IO_SLICE);
            out.write(b, off, n);
            off += n;
            len -= n;
        }
    }

    /** Whether this message reports that its request could not be delivered or was refused. */
    public boolean isDead() {
        return this.replyTo == Handles.IS_DEAD;
    }

    /**
     * The answer to this request saying it failed: sent to its {@code replyTo} handle, from
     * {@code myId}, with {@code kind} ({@link #DEAD_NO_ROUTE} ...) and a reason for people.
     * {@code null} when this message wants no answer (or is itself such an answer).
     */
    public Message deadReply(int myId, byte kind, String reason) {
        if (this.replyTo <= 0) {
            return null;
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[text.length + 1];
        body[0] = kind;
        System.arraycopy(text, 0, body, 1, text.length);
        return new Message(this.srcId, myId, myId, this.replyTo, Handles.IS_DEAD, body);
    }

    /** For a dead message: why it failed, one of the {@code DEAD_*} kinds. */
    public byte deadKind() {
        return (this.payload.length > 0) ? this.payload[0] : DEAD_NO_ROUTE;
    }

    /** For a dead message: the reason, for people. */
    public String deadReason() {
        return (this.payload.length > 1) ? new String(this.payload, 1, this.payload.length - 1, StandardCharsets.UTF_8)
                : "no reason given";
    }

    @Override
    public String toString() {
        return "Message(dst=" + this.dstId + " src=" + this.srcId + " auth=" + this.authId + " handle="
                + this.handle + " replyTo=" + this.replyTo + " len=" + this.length + ")";
    }
}
