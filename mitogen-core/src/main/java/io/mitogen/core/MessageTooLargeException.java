package io.mitogen.core;

/**
 * A value encodes to more than the maximum message size (the frame limit, 128 MiB by default):
 * it is refused where it is made, before anything is sent, so the context it was meant for lives
 * on. An argument fails the call at the call site; a result fails only its call (the caller gets
 * this failure instead); a channel value fails that {@code send}.
 *
 * <p>Big data goes by the file-transfer API ({@code router.files()}) or in pieces, e.g. chunks of
 * a few MiB on a {@code Channel<byte[]>}.
 */
public class MessageTooLargeException extends CodecException {

    private static final long serialVersionUID = 1L;

    private final long size;

    private final long limit;

    /**
     * @param what what was too large, for people ("the arguments of Tasks.sink to local.1")
     * @param size its encoded size in bytes
     * @param limit the maximum message size in bytes
     */
    public MessageTooLargeException(String what, long size, long limit) {
        super("too large for one message: " + what + " (" + size + " bytes encoded) exceeds the maximum"
                + " message size of " + limit + " bytes; nothing was sent and the context is still usable."
                + " Send big data with the file-transfer API (router.files()) or in pieces (e.g. chunks on a"
                + " Channel<byte[]>)");
        this.size = size;
        this.limit = limit;
    }

    /**
     * The exception to throw, typed as its superclass so that code throwing it does not load this
     * class until it happens: it is left out of the child's core bundle and fetched when needed.
     */
    public static CodecException refused(String what, long size, long limit) {
        return new MessageTooLargeException(what, size, limit);
    }

    /** The encoded size in bytes. */
    public long size() {
        return this.size;
    }

    /** The maximum message size in bytes. */
    public long limit() {
        return this.limit;
    }
}
