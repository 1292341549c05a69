package io.mitogen.core;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sender's half of a channel's flow control: how many values and encoded bytes this sender
 * has sent that its channel's owner has not yet read (as far as the owner's credit says). A send
 * waits while that is a window full; the owner's credit ({@code CHANNEL_CREDIT}) frees room as
 * its reader consumes values.
 *
 * <p>The rule, which the owner checks on its side too ({@link ChannelWindows}): a value may go
 * while fewer than {@code maxValues} are out and either it fits in the bytes left or less than
 * half the bytes are out (so one value larger than the window still goes, alone). The owner
 * grants credit whenever half a window was read, so once it read everything, at most half a
 * window is still counted here and a send can always go: no deadlock.
 *
 * <p>A lock and condition rather than a monitor: a sender waiting here may be a virtual thread,
 * which a monitor's {@code wait} pins to its carrier on Java 21 to 23.
 */
final class SendWindow {

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition room = this.lock.newCondition();

    private final int maxValues;

    private final long maxBytes;

    private int outValues;

    private long outBytes;

    private boolean ended;

    SendWindow(int maxValues, int maxBytes) {
        this.maxValues = maxValues;
        this.maxBytes = maxBytes;
    }

    /** Writes the window's size (values, bytes), as a sender handed on carries it. */
    void writeTo(io.mitogen.core.internal.wire.Codec.Writer out) {
        out.writeInt(this.maxValues).writeInt((int) this.maxBytes);
    }

    /**
     * Waits for room for one value of {@code size} bytes and counts it as out.
     *
     * @param timeoutNanos at most this long; negative: no limit
     * @return {@code false} if the window ended (owner closed, sender closed): drop the value
     * @throws SendTimeoutException if there was no room in time
     */
    boolean acquire(int size, long timeoutNanos, Object what) {
        long deadline = System.nanoTime() + timeoutNanos;
        this.lock.lock();
        try {
            return acquireLocked(size, timeoutNanos, deadline, what);
        }
        finally {
            this.lock.unlock();
        }
    }

    private boolean acquireLocked(int size, long timeoutNanos, long deadline, Object what) {
        while (!this.ended && !(this.outValues < this.maxValues
                && (this.outBytes + size <= this.maxBytes || this.outBytes < this.maxBytes / 2))) {
            long left = (timeoutNanos < 0) ? 0 : deadline - System.nanoTime();
            if (timeoutNanos >= 0 && left <= 0) {
                throw SendTimeoutException.full(what, this.outValues, this.outBytes, timeoutNanos);
            }
            try {
                if (timeoutNanos < 0) {
                    this.room.await();
                }
                else {
                    this.room.awaitNanos(left);
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new MitogenException("interrupted while " + what + " waited for its channel's reader", ex);
            }
        }
        if (this.ended) {
            return false;
        }
        this.outValues++;
        this.outBytes += size;
        return true;
    }

    /** The owner read {@code values} values of {@code bytes} bytes in all. */
    void grant(int values, long bytes) {
        this.lock.lock();
        try {
            this.outValues = Math.max(0, this.outValues - values);
            this.outBytes = Math.max(0, this.outBytes - bytes);
            this.room.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }

    /** No more sending: wakes a waiting send, which then drops its value. */
    void end() {
        this.lock.lock();
        try {
            this.ended = true;
            this.room.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }
}
