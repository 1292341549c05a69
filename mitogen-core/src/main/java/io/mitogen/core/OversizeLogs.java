package io.mitogen.core;

import java.util.ArrayList;
import java.util.List;

import io.mitogen.core.internal.wire.Codec;

/**
 * A batch of forwarded log records too large for one message (records are cut at 64 Ki
 * characters, but an exception's message is not): split so that nothing else is lost. Kept out
 * of the child's core bundle: a child fetches it the first time it is needed.
 */
final class OversizeLogs {

    private OversizeLogs() {
    }

    /**
     * The batch as payloads each under {@code limit}; a record too large on its own goes as a
     * note saying so (its logger, level and thread kept).
     */
    static List<byte[]> split(Codec codec, int limit, List<List<Object>> batch) {
        long room = limit - 64L;
        List<byte[]> payloads = new ArrayList<>();
        List<List<Object>> piece = new ArrayList<>();
        long left = room;
        for (List<Object> record : batch) {
            List<Object> kept = record;
            int size = codec.encode(record).length;
            if (size > room) {
                kept = new ArrayList<>(record);
                kept.set(3, "(a log record of " + size + " bytes encoded was left out: over the maximum message size of "
                        + limit + " bytes)");
                kept.set(6, null);
                size = codec.encode(kept).length;
            }
            if (size > left && !piece.isEmpty()) {
                payloads.add(codec.encode(piece));
                piece = new ArrayList<>();
                left = room;
            }
            piece.add(kept);
            left -= size;
        }
        payloads.add(codec.encode(piece));
        return payloads;
    }
}
