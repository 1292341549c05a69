package io.mitogen.core.internal.files;

import java.util.ArrayDeque;

/**
 * A {@link Source}'s chunk arrays, reused: the oldest one sent, once the sink has acknowledged it
 * (so it was written by this end's stream long ago and nobody holds it), else a new one. A push
 * then makes no garbage at this end either. Used by the sending thread only.
 */
final class ChunkArrays {

    /** Chunks sent and not yet reused, oldest first: {@code {Long offset after it, byte[] array}}. */
    private final ArrayDeque<Object[]> inFlight = new ArrayDeque<>();

    /** An array of {@code length} bytes: a sent one if the sink has acknowledged up to {@code acked}. */
    byte[] take(int length, long acked) {
        while (!this.inFlight.isEmpty() && (long) this.inFlight.peek()[0] <= acked) {
            byte[] done = (byte[]) this.inFlight.poll()[1];
            if (done.length == length) {
                return done;
            }
        }
        return new byte[length];
    }

    /** {@code chunk} went out; it ends at {@code offsetAfter} bytes of the transfer. */
    void sent(long offsetAfter, byte[] chunk) {
        this.inFlight.add(new Object[] { offsetAfter, chunk });
    }
}
