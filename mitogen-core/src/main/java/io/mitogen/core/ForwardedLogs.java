package io.mitogen.core;

import java.util.List;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.wire.Message;

/**
 * The master's side of log forwarding: the records children send ({@code FORWARD_LOG}), handed
 * to this JVM's logging. Only a master (whose classes are all local) receives them, so children
 * do not carry this code (see {@code CoreBundle}).
 */
final class ForwardedLogs {

    private static final Log log = Log.get(ForwardedLogs.class);

    private ForwardedLogs() {
    }

    /** FORWARD_LOG at the master: records from a context in the subtree {@code in} leads to. */
    static void onForwardedLogs(Router router, Message message, Stream in) {
        List<?> batch;
        try {
            batch = (List<?>) router.codec.decode(message.payload, 0, message.payload.length, List.class);
        }
        catch (CodecException ex) {
            log.warn("{}: dropped malformed log records: {}", in.name(), ex.getMessage());
            return;
        }
        for (Object item : batch) {
            // 9 with the trace of the call that logged it (CallObservers); the sink checks the ids.
            int size = (item instanceof List) ? ((List<?>) item).size() : 0;
            if (size != 7 && size != 9) {
                continue;
            }
            List<?> record = (List<?>) item;
            Object id = record.get(0);
            Object level = record.get(2);
            if (!(id instanceof Integer) || !(level instanceof Integer) || router.core.routeTo((Integer) id) != in) {
                continue;
            }
            int levelValue = Math.max(Log.ERROR, Math.min(Log.TRACE, (Integer) level));
            Context context = router.knownContext((Integer) id);
            String name = (context != null) ? context.name() : "context." + id;
            Object thrown = record.get(6);
            Log.forwarded(name, String.valueOf(record.get(1)), levelValue, String.valueOf(record.get(3)),
                    (record.get(4) instanceof String) ? (String) record.get(4) : null,
                    (thrown instanceof Throwable) ? (Throwable) thrown : null,
                    (size == 9) ? record.get(7) : null, (size == 9) ? record.get(8) : null);
        }
    }
}
