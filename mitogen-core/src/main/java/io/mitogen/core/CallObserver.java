package io.mitogen.core;

/**
 * Hears about every call with a reply as it starts, on the calling thread (so that it can pick
 * up what that thread carries, such as the current trace), and then about its end: for
 * Micrometer Observations and tracing, without mitogen-core depending on them.
 */
@FunctionalInterface
public interface CallObserver {

    /**
     * A call is about to be sent.
     *
     * @param context the context that will run it
     * @param method the called method, e.g. {@code Tasks.add(int, int)}
     * @return what to tell when its answer (or failure) arrives, or {@code null}
     */
    Completion callStarting(Context context, String method);

    /** The end of one observed call. */
    @FunctionalInterface
    interface Completion {

        /**
         * Runs on the thread that delivered the answer: it must be quick and must not block.
         *
         * @param failed whether the call failed (it threw, was refused, or its context was lost)
         */
        void callCompleted(boolean failed);

        /**
         * The trace the call belongs to, sent with the call so that what the child logs while
         * serving it arrives here with it ({@code traceId} in the MDC); {@code null} (the
         * default) sends nothing. At most 64 letters, digits, {@code -} or {@code _}.
         */
        default String traceId() {
            return null;
        }

        /** The span the call runs under (its own span), sent with {@link #traceId()}; {@code null} for none. */
        default String spanId() {
            return null;
        }

    }

}
