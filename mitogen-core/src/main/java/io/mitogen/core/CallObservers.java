package io.mitogen.core;

import java.util.List;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.wire.Codec;

/**
 * Runs a router's {@link CallObserver}s as a call starts, and appends the trace they hand over
 * to the call's payload: two strings after the arguments, absent when there is no trace (so a
 * call without tracing costs nothing more). Kept out of {@link Router} so children that never
 * observe calls do not carry it (the core bundle fetches it on first use).
 */
final class CallObservers {

    private static final Log log = Log.get(CallObservers.class);

    /** Longer ids, or other characters, are not sent: a trace id is an opaque hex or base64-ish token. */
    static final int MAX_ID = 64;

    private CallObservers() {
    }

    static void callStarting(List<CallObserver> observers, Context context, String method, Receiver<?> receiver,
            Codec.Writer payload) {
        String traceId = null;
        String spanId = null;
        for (CallObserver observer : observers) {
            try {
                CallObserver.Completion completion = observer.callStarting(context, method);
                receiver.observedBy(completion);
                if (completion != null && traceId == null && isId(completion.traceId())) {
                    traceId = completion.traceId();
                    spanId = isId(completion.spanId()) ? completion.spanId() : "";
                }
            }
            catch (RuntimeException ex) {
                log.warn("a call observer failed: {}", ex.toString());
            }
        }
        if (traceId != null) {
            payload.writeString(traceId).writeString(spanId);
        }
    }

    /** Whether {@code id} is a usable trace or span id: 1 to 64 letters, digits, '-' or '_'. */
    static boolean isId(Object id) {
        if (!(id instanceof String) || ((String) id).isEmpty() || ((String) id).length() > MAX_ID) {
            return false;
        }
        for (char c : ((String) id).toCharArray()) {
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
