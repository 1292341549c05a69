package io.mitogen.spring.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import io.mitogen.core.CallObserver;
import io.mitogen.core.Context;
import io.mitogen.spring.Contexts;

/**
 * Each call with a reply as a Micrometer {@link Observation} named {@code mitogen.call}, with
 * the low-cardinality key values {@code host} (the name under {@code mitogen.hosts}, or
 * {@code other}), {@code method} and {@code outcome} ({@code success} or {@code failure}). It is
 * started on the calling thread, so it is a child of the caller's current observation (and,
 * with a tracing bridge, its span is a child of the caller's span); it stops when the answer
 * arrives. With a {@link CallTraceContext}, the call carries its trace and span ids, so the
 * records the child logs while serving it arrive with {@code traceId} and {@code spanId} in
 * their MDC.
 *
 * <p>Register it with {@code router.addCallObserver(...)}; the auto-configuration does so when
 * the application has an {@link ObservationRegistry}. Plain-Java programs can do the same with
 * a registry of their own.
 */
public class MitogenCallObservations implements CallObserver {

    /** The name of the observations. */
    public static final String NAME = "mitogen.call";

    private static final String OTHER_HOST = "other";

    private final ObservationRegistry registry;

    private final @Nullable Contexts contexts;

    private final @Nullable CallTraceContext traceContext;

    /**
     * @param contexts the configured hosts, to name the {@code host} key value; {@code null}
     *        names every context {@code other}
     */
    public MitogenCallObservations(ObservationRegistry registry, @Nullable Contexts contexts) {
        this(registry, contexts, null);
    }

    /**
     * @param contexts the configured hosts, to name the {@code host} key value; {@code null}
     *        names every context {@code other}
     * @param traceContext finds each call's trace, sent with the call so that the child's
     *        records carry it; {@code null} sends none
     */
    public MitogenCallObservations(ObservationRegistry registry, @Nullable Contexts contexts,
            @Nullable CallTraceContext traceContext) {
        this.registry = registry;
        this.contexts = contexts;
        this.traceContext = traceContext;
    }

    @Override
    public @Nullable Completion callStarting(Context context, String method) {
        if (this.registry.isNoop()) {
            return null;
        }
        String host = (this.contexts != null) ? this.contexts.nameOf(context).orElse(OTHER_HOST) : OTHER_HOST;
        Observation observation = Observation.createNotStarted(NAME, this.registry)
            .contextualName("mitogen.call " + method)
            .lowCardinalityKeyValues(KeyValues.of("host", host, "method", method))
            .highCardinalityKeyValue("context", context.name())
            .start();
        CallTraceContext.TraceIds ids = (this.traceContext != null) ? this.traceContext.traceIds(observation) : null;
        return new Completion() {

            @Override
            public void callCompleted(boolean failed) {
                observation.lowCardinalityKeyValue("outcome", failed ? "failure" : "success").stop();
            }

            @Override
            public @Nullable String traceId() {
                return (ids != null) ? ids.traceId() : null;
            }

            @Override
            public @Nullable String spanId() {
                return (ids != null) ? ids.spanId() : null;
            }

        };
    }

}
