package io.mitogen.core.internal.fakessh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.mitogen.core.internal.wire.Message;

/**
 * The messages of one fakessh session between the JVM that called {@code FakeSsh.run} (the
 * client end) and the destination (the remote end). Each end has one handle for the session;
 * the first payload byte says what a message is. Data is flow-controlled by credit: an end sends
 * at most {@link #WINDOW} bytes the other has not yet written out, and the other returns credit
 * as it writes, so each end buffers at most one window whatever the transfer's size.
 */
final class Wire {

    // To the client end.
    static final byte STDOUT = 1, STDERR = 2, EXIT = 3, STDIN_CREDIT = 4, OPENED = 5, FAILED = 6, LOST = 7;

    // To the remote end.
    static final byte STDIN = 11, STDIN_EOF = 12, OUTPUT_CREDIT = 13, KILL = 14;

    /** Bytes in flight per direction. */
    static final int WINDOW = 4 * 1024 * 1024;

    /** Bytes per data message. */
    static final int CHUNK = 128 * 1024;

    /** Credit is returned once this much is written out, or when nothing more is queued. */
    static final int CREDIT_BATCH = 512 * 1024;

    private Wire() {
    }

    static byte[] withInt(byte type, int value) {
        return new byte[] { type, (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value };
    }

    static byte[] withText(byte type, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[1 + bytes.length];
        payload[0] = type;
        System.arraycopy(bytes, 0, payload, 1, bytes.length);
        return payload;
    }

    static int intOf(Message message) {
        byte[] p = message.payload;
        if (p.length < 5) {
            return -1;
        }
        return ((p[1] & 0xff) << 24) | ((p[2] & 0xff) << 16) | ((p[3] & 0xff) << 8) | (p[4] & 0xff);
    }

    static String textOf(Message message) {
        byte[] p = message.payload;
        return (p.length <= 1) ? "" : new String(p, 1, Math.min(p.length - 1, 4096), StandardCharsets.UTF_8);
    }

    static byte typeOf(Message message) {
        return (message.payload.length == 0) ? 0 : message.payload[0];
    }

    /**
     * Credit one end may still spend. {@link #add} runs on a stream's reading thread: it only
     * takes a lock that is never held while blocking.
     */
    static final class Credit {

        private final ReentrantLock lock = new ReentrantLock();

        private final Condition changed = this.lock.newCondition();

        private long available;

        private boolean closed;

        Credit(long initial) {
            this.available = initial;
        }

        void add(long bytes) {
            this.lock.lock();
            try {
                // A peer cannot give more than a window: a bogus credit must not unbound the buffers.
                this.available = Math.min(this.available + Math.max(0, bytes), WINDOW);
                this.changed.signalAll();
            }
            finally {
                this.lock.unlock();
            }
        }

        void close() {
            this.lock.lock();
            try {
                this.closed = true;
                this.changed.signalAll();
            }
            finally {
                this.lock.unlock();
            }
        }

        /** Waits for credit; takes up to {@code max}. {@code -1} once closed. */
        int take(int max) throws InterruptedException {
            this.lock.lock();
            try {
                while (this.available <= 0 && !this.closed) {
                    this.changed.await(1, TimeUnit.SECONDS);
                }
                if (this.closed) {
                    return -1;
                }
                int taken = (int) Math.min(max, this.available);
                this.available -= taken;
                return taken;
            }
            finally {
                this.lock.unlock();
            }
        }

        /** Gives back what was taken and not used. */
        void giveBack(int bytes) {
            add(bytes);
        }
    }
}
