package io.mitogen.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.jspecify.annotations.Nullable;

/**
 * The ids of the span Micrometer Tracing made for the call's observation (a child of the
 * caller's span), or, when no tracing handler saw the observation, of the caller's current span.
 *
 * @since 0.1.0
 */
public class MicrometerTracingCallTraceContext implements CallTraceContext {

    private final Tracer tracer;

    /**
     * @param tracer the tracer whose current span is used when the observation has none
     */
    public MicrometerTracingCallTraceContext(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public @Nullable TraceIds traceIds(Observation observation) {
        TracingObservationHandler.TracingContext tracing = observation.getContext()
            .get(TracingObservationHandler.TracingContext.class);
        Span span = (tracing != null && tracing.getSpan() != null) ? tracing.getSpan() : this.tracer.currentSpan();
        // Not span.isNoop(): an unsampled span is a no-op to the tracer, yet its ids are in the
        // caller's MDC all the same, and the child's records should match them.
        if (span == null || span.context().traceId().isEmpty()) {
            return null;
        }
        return new TraceIds(span.context().traceId(), span.context().spanId());
    }

}
