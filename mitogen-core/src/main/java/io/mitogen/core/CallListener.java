package io.mitogen.core;

import java.time.Duration;

/**
 * Hears about every call this router made once its answer (or failure) arrives: for metrics.
 * Runs on the thread that delivered the answer, so it must be quick and must not block.
 */
@FunctionalInterface
public interface CallListener {

    /**
     * @param context the context that answered
     * @param method the called method, e.g. {@code Tasks.add(int, int)}
     * @param elapsed from sending the call to its answer arriving
     * @param failed whether the call failed (it threw, was refused, or its context was lost)
     */
    void onCallCompleted(Context context, String method, Duration elapsed, boolean failed);
}
