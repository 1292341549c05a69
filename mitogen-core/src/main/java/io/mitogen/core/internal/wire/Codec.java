package io.mitogen.core.internal.wire;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.mitogen.core.CodecException;

/**
 * The value encoding used for call arguments, results and exceptions: a closed set of types,
 * one tag byte per value followed by a big-endian body, and decoding driven by the type the caller
 * declares, never by a class name read off the wire (there is none). No Java serialization.
 * <p>
 * Carried types: {@code null}, the primitives and their wrappers, {@code String}, {@code byte[]},
 * other arrays, collections, maps, enums (by constant name), records (by component, on Java 16+),
 * {@code BigInteger}, {@code BigDecimal}, and any type with a registered {@link ValueAdapter}.
 * A codec is immutable and thread-safe; its {@link Writer}s and {@link Reader}s are not.
 * <p>
 * Over 400 lines on purpose: the file is three classes, the codec (~140 lines) and its cursors
 * {@link Writer} (~210) and {@link Reader} (~160), inner classes because they use the codec's
 * encoder, decoder and depth limit; each reads as one idea. As top-level classes they would
 * rename {@code Codec.Writer}/{@code Codec.Reader} at ~90 call sites and cost core bundle bytes.
 */
public final class Codec {

    /** First of the eight tags reserved for {@link ValueAdapter}s. */
    public static final int TAG_EXT_0 = Tags.EXT_0;
    /** Second adapter tag. */
    public static final int TAG_EXT_1 = Tags.EXT_0 + 1;
    /** Third adapter tag. */
    public static final int TAG_EXT_2 = Tags.EXT_0 + 2;
    /** Fourth adapter tag. */
    public static final int TAG_EXT_3 = Tags.EXT_0 + 3;
    /** Fifth adapter tag. */
    public static final int TAG_EXT_4 = Tags.EXT_0 + 4;
    /** Sixth adapter tag. */
    public static final int TAG_EXT_5 = Tags.EXT_0 + 5;
    /** Seventh adapter tag. */
    public static final int TAG_EXT_6 = Tags.EXT_0 + 6;
    /** Last adapter tag. */
    public static final int TAG_EXT_7 = Tags.EXT_7;

    /** Containers (collections, maps, arrays, records, adapter values) nested deeper fail. */
    static final int DEFAULT_MAX_DEPTH = 64;

    private static final int INITIAL_CAPACITY = 256;

    /** A {@code byte[]} value this large travels by reference in {@link Writer#message}: no copy. */
    static final int BULK_MIN = 64 * 1024;

    /** Arrays this long cannot be allocated on common JVMs; growth stops short of it. */
    private static final int MAX_BUFFER = Integer.MAX_VALUE - 8;

    private static final String ALLOWED = "null, boolean, byte, short, int, long, float, double,"
            + " char (and their wrappers), String, byte[], other arrays, List, Set, other"
            + " Collections, Map, enums, records (Java 16+), BigInteger, BigDecimal, and types with"
            + " a registered ValueAdapter";

    final int maxDepth;
    final ValueEncoder encoder;
    final TypeDecoder decoder;

    /**
     * A codec that also carries the given adapters' types. Each adapter must own a distinct tag
     * between {@link #TAG_EXT_0} and {@link #TAG_EXT_7}.
     *
     * @throws IllegalArgumentException if an adapter is null, has no type, or its tag is out of
     *         range or already taken
     */
    public Codec(ValueAdapter<?>... adapters) {
        ValueAdapter<?>[] byTag = new ValueAdapter<?>[8];
        ValueAdapter<?>[] ordered = (adapters != null) ? adapters.clone() : new ValueAdapter<?>[0];
        for (ValueAdapter<?> adapter : ordered) {
            if (adapter == null || adapter.type() == null) {
                throw new IllegalArgumentException("adapters and their types must not be null");
            }
            int tag = adapter.tag();
            if (!Tags.isExt(tag)) {
                throw new IllegalArgumentException("adapter for " + adapter.type().getName()
                        + " uses tag " + tag + "; allowed: TAG_EXT_0 (" + TAG_EXT_0
                        + ") .. TAG_EXT_7 (" + TAG_EXT_7 + ")");
            }
            if (byTag[tag - Tags.EXT_0] != null) {
                throw new IllegalArgumentException("adapters for " + adapter.type().getName()
                        + " and " + byTag[tag - Tags.EXT_0].type().getName() + " share tag "
                        + Tags.name(tag));
            }
            byTag[tag - Tags.EXT_0] = adapter;
        }
        this.maxDepth = DEFAULT_MAX_DEPTH;
        this.encoder = new ValueEncoder(ordered);
        this.decoder = new TypeDecoder(byTag);
    }

    /** A fresh writer with a growable buffer (initially 256 bytes). */
    public Writer writer() {
        return new Writer();
    }

    /** A reader over {@code len} bytes of {@code buf} from {@code off}; positions count from off. */
    public Reader reader(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            throw new CodecException("invalid slice: offset " + off + ", length " + len
                    + " of a buffer of " + ((buf != null) ? buf.length : 0) + " bytes");
        }
        return new Reader(buf, off, len);
    }

    /**
     * A reader over a message's payload, with the arrays it carries by reference in their places
     * (read from a stream, see {@code Frames.BULK_MAGIC}): reading such a {@code byte[]} value returns that array itself.
     */
    public Reader reader(Message message) {
        Reader reader = new Reader(message.payload, 0, message.payload.length);
        // Only a stream's reader makes these, with one array (see Frames.BULK_MAGIC).
        reader.bulk = (message.bulk != null && message.written == null) ? message.bulk[0] : null;
        return reader;
    }

    /** Encodes one value. */
    public byte[] encode(Object value) {
        return writer().write(value).toByteArray();
    }

    /**
     * Decodes exactly one value as {@code declared}.
     *
     * @throws CodecException if the bytes are malformed, do not fit {@code declared}, or are
     *         followed by trailing bytes
     */
    public Object decode(byte[] buf, int off, int len, Type declared) {
        Reader reader = reader(buf, off, len);
        Object value = reader.read(declared);
        reader.expectEnd();
        return value;
    }

    /** The carried types, in words, for error messages. */
    public static String allowedTypes() {
        return ALLOWED;
    }

    /**
     * Appends tagged values to a growable byte buffer. A {@link #write} that fails leaves the
     * buffer as it was before that call, so nothing partial is ever sent.
     */
    public final class Writer {

        private byte[] buf = new byte[INITIAL_CAPACITY];
        private int size;
        private int depth;

        /** Large arrays kept by reference, and where in {@link #buf} each belongs. */
        private java.util.ArrayList<byte[]> bulk;
        private int[] bulkAt;
        private int bulkCount;

        Writer() {
        }

        /**
         * Appends one tagged value.
         *
         * @throws CodecException if the value, or anything inside it, is not a carried type or is
         *         nested too deeply; the buffer is then unchanged
         */
        public Writer write(Object value) {
            if (this.depth > 0) {
                // Inside a container or adapter: the outermost call owns the rollback.
                Codec.this.encoder.write(this, value);
                return this;
            }
            int start = this.size;
            int startBulk = this.bulkCount;
            try {
                Codec.this.encoder.write(this, value);
            }
            catch (RuntimeException ex) {
                this.size = start;
                this.depth = 0;
                while (this.bulkCount > startBulk) {
                    this.bulk.remove(--this.bulkCount);
                }
                throw ex;
            }
            return this;
        }

        /** Appends a raw big-endian int (no tag), for adapters. */
        public Writer writeInt(int v) {
            ensure(4);
            putIntAt(this.size, v);
            this.size += 4;
            return this;
        }

        /** Appends a raw big-endian long (no tag), for adapters. */
        public Writer writeLong(long v) {
            ensure(8);
            putIntAt(this.size, (int) (v >>> 32));
            putIntAt(this.size + 4, (int) v);
            this.size += 8;
            return this;
        }

        /**
         * Appends a raw string (no tag): int32 UTF-8 byte length, then the bytes; {@code null} is
         * written as length -1. Unpaired surrogates become {@code '?'}, as in
         * {@code String.getBytes(UTF_8)}.
         */
        public Writer writeString(String s) {
            if (s == null) {
                return writeInt(-1);
            }
            int len = s.length();
            // Short strings reserve the worst case (3 bytes per char) and skip a counting pass;
            // long ones are measured first so a big string does not triple the buffer.
            long room = (len <= 65536) ? 3L * len : Utf8.length(s);
            if (room > MAX_BUFFER - 4) {
                throw new CodecException("a string of " + len + " chars is too large to encode");
            }
            ensure(4 + (int) room);
            int end = Utf8.encode(s, this.buf, this.size + 4);
            putIntAt(this.size, end - this.size - 4);
            this.size = end;
            return this;
        }

        /** Bytes written so far. */
        public int size() {
            return this.size;
        }

        /** The payload's length on the wire: the bytes written and the large arrays referred to. */
        public long length() {
            long length = this.size;
            for (int i = 0; i < this.bulkCount; i++) {
                length += this.bulk.get(i).length;
            }
            return length;
        }

        /** A copy of the bytes written so far. */
        public byte[] toByteArray() {
            if (this.bulkCount == 0) {
                return Arrays.copyOf(this.buf, this.size);
            }
            return new Message(0, 0, 0, 0, 0, Arrays.copyOf(this.buf, this.size), this.bulk.toArray(new byte[0][]),
                    Arrays.copyOf(this.bulkAt, this.bulkCount), false).flattened().payload;
        }

        /**
         * A message whose payload is what was written. Large {@code byte[]} values (64 KiB and
         * more) are not copied: the message refers to the arrays and the stream writes them from
         * there ({@link Message#hasBulk()}), so they must not change until it was written, which
         * the router waits for before a send returns. The writer is empty afterwards.
         */
        public Message message(int dstId, int srcId, int authId, int handle, int replyTo) {
            byte[] head = (this.size == this.buf.length) ? this.buf : Arrays.copyOf(this.buf, this.size);
            Message message = (this.bulkCount == 0) ? new Message(dstId, srcId, authId, handle, replyTo, head)
                    : new Message(dstId, srcId, authId, handle, replyTo, head, this.bulk.toArray(new byte[0][]),
                            Arrays.copyOf(this.bulkAt, this.bulkCount), false);
            if (head == this.buf) {
                // The message owns that array now: a later write must not change it.
                this.buf = new byte[INITIAL_CAPACITY];
            }
            reset();
            return message;
        }

        /** Empties the writer, keeping its buffer for reuse. */
        public void reset() {
            this.size = 0;
            this.depth = 0;
            this.bulkCount = 0;
            if (this.bulk != null) {
                this.bulk.clear();
            }
        }

        /** A {@code BYTES} value: tag, length, and the bytes, by reference when large. */
        void writeByteArrayValue(byte[] bytes) {
            writeTagged(Tags.BYTES, bytes.length);
            if (bytes.length < BULK_MIN) {
                writeBytes(bytes, 0, bytes.length);
                return;
            }
            if (this.bulk == null) {
                this.bulk = new java.util.ArrayList<>(2);
                this.bulkAt = new int[2];
            }
            if (this.bulkCount == this.bulkAt.length) {
                this.bulkAt = Arrays.copyOf(this.bulkAt, this.bulkCount * 2);
            }
            this.bulk.add(bytes);
            this.bulkAt[this.bulkCount++] = this.size;
        }

        void writeByte(int v) {
            ensure(1);
            this.buf[this.size++] = (byte) v;
        }

        void writeShort(int v) {
            ensure(2);
            this.buf[this.size] = (byte) (v >>> 8);
            this.buf[this.size + 1] = (byte) v;
            this.size += 2;
        }

        /** A tag followed by a 4-byte body: the common case gets one capacity check. */
        void writeTagged(int tag, int v) {
            ensure(5);
            this.buf[this.size] = (byte) tag;
            putIntAt(this.size + 1, v);
            this.size += 5;
        }

        void writeBytes(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, this.buf, this.size, len);
            this.size += len;
        }

        /** Enters a container; fails past the maximum depth instead of exhausting the stack. */
        void enter() {
            if (++this.depth > Codec.this.maxDepth) {
                throw new CodecException("value is nested deeper than " + Codec.this.maxDepth
                        + " levels (collections, maps, arrays, records and adapter values count)");
            }
        }

        void exit() {
            this.depth--;
        }

        private void putIntAt(int at, int v) {
            byte[] b = this.buf;
            b[at] = (byte) (v >>> 24);
            b[at + 1] = (byte) (v >>> 16);
            b[at + 2] = (byte) (v >>> 8);
            b[at + 3] = (byte) v;
        }

        private void ensure(int n) {
            if (n <= this.buf.length - this.size) {
                return;
            }
            if (n > MAX_BUFFER - this.size) {
                throw new CodecException("encoded value exceeds " + MAX_BUFFER + " bytes");
            }
            long wanted = Math.max((long) this.size + n, 2L * this.buf.length);
            this.buf = Arrays.copyOf(this.buf, (int) Math.min(wanted, MAX_BUFFER));
        }
    }

    /**
     * Reads tagged values from a byte slice. Every length and count is checked against the bytes
     * that remain before anything is allocated, and every failure is a {@link CodecException}.
     */
    public final class Reader {

        private final byte[] buf;
        private final int start;
        private final int limit;
        private int pos;
        private int depth;

        /** An array read apart from {@link #buf}: the one BYTES value of its length; or {@code null}. */
        private byte[] bulk;

        Reader(byte[] buf, int off, int len) {
            this.buf = buf;
            this.start = off;
            this.pos = off;
            this.limit = off + len;
        }

        /**
         * Reads one tagged value as {@code declared} ({@code Object.class} for its natural type).
         *
         * @throws CodecException if the bytes are malformed or do not fit {@code declared}
         */
        public Object read(Type declared) {
            return Codec.this.decoder.read(this, Codec.this.decoder.plan(declared));
        }

        /** Reads a raw big-endian int written by {@link Writer#writeInt}. */
        public int readInt() {
            need(4);
            byte[] b = this.buf;
            int p = this.pos;
            this.pos = p + 4;
            return (b[p] << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8)
                    | (b[p + 3] & 0xFF);
        }

        /** Reads a raw big-endian long written by {@link Writer#writeLong}. */
        public long readLong() {
            long high = readInt();
            return (high << 32) | (readInt() & 0xFFFFFFFFL);
        }

        /** Reads a raw string written by {@link Writer#writeString} (length -1 gives null). */
        public String readString() {
            int at = position();
            int len = readInt();
            if (len == -1) {
                return null;
            }
            checkLength(len, at);
            String s = new String(this.buf, this.pos, len, StandardCharsets.UTF_8);
            this.pos += len;
            return s;
        }

        /** Whether unread bytes remain. */
        public boolean hasRemaining() {
            return this.pos < this.limit;
        }

        /** The read position, counted from the start of this reader's slice. */
        public int position() {
            return this.pos - this.start;
        }

        /** Fails if bytes remain: a message holds exactly one value. */
        public void expectEnd() {
            if (this.pos != this.limit) {
                throw new CodecException((this.limit - this.pos) + " trailing bytes after the value,"
                        + " at position " + position());
            }
        }

        int readTag() {
            need(1);
            return this.buf[this.pos++] & 0xFF;
        }

        byte readByte() {
            need(1);
            return this.buf[this.pos++];
        }

        short readShort() {
            need(2);
            int p = this.pos;
            this.pos = p + 2;
            return (short) ((this.buf[p] << 8) | (this.buf[p + 1] & 0xFF));
        }

        /**
         * Reads a count and checks that {@code minBytesEach} bytes per item can still follow, so
         * that a forged count fails here rather than in a huge allocation.
         */
        int readCount(int minBytesEach) {
            int at = position();
            int n = readInt();
            if (n < 0 || (long) n * minBytesEach > this.limit - this.pos) {
                throw new CodecException("count " + n + " at position " + at + " is impossible: only "
                        + (this.limit - this.pos) + " bytes remain");
            }
            return n;
        }

        /** Reads an int32 length followed by that many bytes, as a new array. */
        byte[] readByteArray() {
            byte[] carried = this.bulk;
            if (carried != null && this.limit - this.pos >= 4 && Frames.getInt(this.buf, this.pos) == carried.length) {
                // Read from the stream into its own array: handed out as it is, no copy.
                this.pos += 4;
                this.bulk = null;
                return carried;
            }
            int n = readCount(1);
            byte[] b = Arrays.copyOfRange(this.buf, this.pos, this.pos + n);
            this.pos += n;
            return b;
        }

        /** Like {@link #readByteArray()} but hands the slice to BigInteger without copying. */
        java.math.BigInteger readBigInteger() {
            int at = position();
            int n = readCount(1);
            if (n == 0) {
                throw new CodecException("BIGINT at position " + at + " has no bytes");
            }
            java.math.BigInteger v = new java.math.BigInteger(this.buf, this.pos, n);
            this.pos += n;
            return v;
        }

        void enter() {
            if (++this.depth > Codec.this.maxDepth) {
                throw new CodecException("value at position " + position() + " is nested deeper than "
                        + Codec.this.maxDepth + " levels");
            }
        }

        void exit() {
            this.depth--;
        }

        private void checkLength(int len, int at) {
            if (len < 0 || len > this.limit - this.pos) {
                throw new CodecException("length " + len + " at position " + at + " is impossible: only "
                        + (this.limit - this.pos) + " bytes remain");
            }
        }

        private void need(int n) {
            if (n > this.limit - this.pos) {
                throw new CodecException("truncated input: " + n + " bytes needed at position "
                        + position() + " but only " + (this.limit - this.pos) + " remain");
            }
        }
    }
}
