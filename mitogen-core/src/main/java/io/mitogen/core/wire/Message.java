package io.mitogen.core.wire;

import java.nio.charset.StandardCharsets;

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
    public final byte[] payload;

    public Message(int dstId, int srcId, int authId, int handle, int replyTo, byte[] payload) {
        this.dstId = dstId;
        this.srcId = srcId;
        this.authId = authId;
        this.handle = handle;
        this.replyTo = replyTo;
        this.payload = (payload != null) ? payload : EMPTY;
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
                + this.handle + " replyTo=" + this.replyTo + " len=" + this.payload.length + ")";
    }
}
