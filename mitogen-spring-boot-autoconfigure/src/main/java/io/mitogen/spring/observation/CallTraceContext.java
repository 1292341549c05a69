package io.mitogen.spring.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Finds the trace a call's {@link Observation} belongs to, so that the ids travel with the call
 * and what the child logs while serving it arrives with {@code traceId} and {@code spanId} in
 * its MDC. {@link MicrometerTracingCallTraceContext} reads them from Micrometer Tracing; other
 * tracers can supply their own.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CallTraceContext {

    /**
     * The ids for a call whose observation has just started.
     *
     * @param observation the call's observation
     * @return the ids, or {@code null} when the call is not traced
     */
    @Nullable TraceIds traceIds(Observation observation);

    /**
     * A trace id and the id of the span the call runs under.
     *
     * @param traceId the trace id, e.g. 32 hex digits
     * @param spanId the span id, e.g. 16 hex digits
     */
    record TraceIds(String traceId, String spanId) {
    }

}
