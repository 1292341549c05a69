package io.mitogen.core.internal.wire;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * Frame layout, as in the Python original:
 * {@code magic(2) dst(4) src(4) auth(4) handle(4) replyTo(4) length(4) payload}, big-endian.
 */
public final class Frames {

    /** {@code "MI"}: a frame that does not start with it closes the stream. */
    public static final int MAGIC = 0x4d49;

    /**
     * {@code "MB"}: a frame whose payload carries one large array by reference (a {@code byte[]}
     * argument or result of 64 KiB or more, {@link Message#hasBulk()}). The header's length is
     * the payload's, the array included; then come the array's length, the rest of the payload
     * (with the array's tag and length, not its bytes), and the array. The reader reads it into
     * an array of its own, which the decoder hands out as the one {@code byte[]} value of that
     * length: no copy. (A payload with several such arrays goes flat, as an {@code MI} frame.)
     */
    public static final int BULK_MAGIC = 0x4d42;

    /** Bytes before the payload. */
    public static final int HEADER_SIZE = 26;

    /** Default bound on a payload; a larger frame closes its stream. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 128 * 1024 * 1024;

    /** Payloads are written and read in slices of this size (a pipe's buffer); see {@link Message#writePayloadTo}. */
    static final int IO_SLICE = 64 * 1024;

    private Frames() {
    }

    /** Writes the header into {@code buf} at {@code off}; the payload follows separately. */
    public static void writeHeader(Message m, byte[] buf, int off) {
        putShort(buf, off, m.isBulkFrame() ? BULK_MAGIC : MAGIC);
        putInt(buf, off + 2, m.dstId);
        putInt(buf, off + 6, m.srcId);
        putInt(buf, off + 10, m.authId);
        putInt(buf, off + 14, m.handle);
        putInt(buf, off + 18, m.replyTo);
        putInt(buf, off + 22, m.length());
    }

    /**
     * Reads one frame.
     *
     * @return the message, or {@code null} at a clean end of stream (between frames)
     * @throws FrameException for a bad magic, an oversize length or a frame cut short
     */
    public static Message read(DataInputStream in, byte[] header, int maxMessageSize) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int second = in.read();
        int magic = (first << 8) | (second & 0xff);
        // Checked before waiting for the rest of the header: garbage shorter than a header
        // must close the stream now, not whenever more bytes happen to arrive.
        if (second < 0) {
            throw new FrameException("stream ended inside a frame header");
        }
        if (magic != MAGIC && magic != BULK_MAGIC) {
            throw new FrameException(String.format("bad frame magic 0x%04x (expected 0x%04x)", magic, MAGIC));
        }
        header[0] = (byte) first;
        header[1] = (byte) second;
        try {
            in.readFully(header, 2, HEADER_SIZE - 2);
        }
        catch (EOFException ex) {
            throw new FrameException("stream ended inside a frame header");
        }
        int length = getInt(header, 22);
        if (length < 0 || length > maxMessageSize) {
            throw new FrameException("frame of " + Integer.toUnsignedString(length)
                    + " bytes exceeds the maximum message size of " + maxMessageSize + " bytes");
        }
        try {
            // An MB frame: the array's length (checked before anything is allocated), the rest, the array.
            int size = (magic == BULK_MAGIC) ? in.readInt() : 0;
            if (size < 0 || size > length) {
                throw new FrameException("bad bulk frame");
            }
            byte[] payload = payloadArray(length - size);
            readSliced(in, payload, 0, payload.length);
            byte[][] bulk = (size > 0) ? new byte[][] { new byte[size] } : null;
            if (bulk != null) {
                readSliced(in, bulk[0], 0, size);
            }
            return new Message(getInt(header, 2), getInt(header, 6), getInt(header, 10), getInt(header, 14),
                    getInt(header, 18), payload, bulk, null, true);
        }
        catch (EOFException ex) {
            throw new FrameException("stream ended inside a frame of " + length + " bytes");
        }
    }

    /**
     * Hands back a payload array its last user is done with (the file sink, after writing a
     * chunk), for the next frame of the same length: a steady stream of chunks then makes no
     * garbage. Otherwise each chunk outlives a collection of a small child's small young
     * generation while queued, and is promoted, and the old generation fills: full collections
     * of tens of ms, stalling calls on the same link. A different length replaces the spares.
     */
    public static void recycle(byte[] array) {
        synchronized (SPARES) {
            if (array.length != spareLength) {
                java.util.Arrays.fill(SPARES, null);
                spares = 0;
                spareLength = array.length;
            }
            if (spares < SPARES.length) {
                SPARES[spares++] = array;
            }
        }
    }

    private static final byte[][] SPARES = new byte[12][];

    private static int spares;

    private static volatile int spareLength = -1;

    /** A spare (every byte is read over before use), or a new array. */
    private static byte[] payloadArray(int length) {
        if (length == spareLength) {
            synchronized (SPARES) {
                if (length == spareLength && spares > 0) {
                    byte[] array = SPARES[--spares];
                    SPARES[spares] = null;
                    return array;
                }
            }
        }
        return new byte[length];
    }

    /** In slices: a read of a file descriptor mallocs a native buffer of the read's size. */
    private static void readSliced(DataInputStream in, byte[] into, int off, int len) throws IOException {
        for (int done = 0; done < len; done += IO_SLICE) {
            in.readFully(into, off + done, Math.min(IO_SLICE, len - done));
        }
    }

    static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    /** Writes {@code v} big-endian at {@code off}, as every int of the header and of small payloads. */
    public static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** Reads the big-endian int at {@code off}. */
    public static int getInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    /** A stream carried something that is not a well-formed frame; the stream is closed. */
    public static final class FrameException extends IOException {

        private static final long serialVersionUID = 1L;

        public FrameException(String message) {
            super(message);
        }
    }
}
