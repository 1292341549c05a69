package io.mitogen.core.testing;

import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.wire.Message;

/** Whole frames as bytes, for tests in which a hostile child writes them raw into its channel. */
public final class RawFrames {

    private RawFrames() {
    }

    /** The frame of {@code message}: its 26-byte header, then its payload. */
    public static byte[] of(Message message) {
        byte[] bytes = new byte[Frames.HEADER_SIZE + message.payload.length];
        Frames.writeHeader(message, bytes, 0);
        System.arraycopy(message.payload, 0, bytes, Frames.HEADER_SIZE, message.payload.length);
        return bytes;
    }
}
