package io.mitogen.spring.metrics;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import io.mitogen.spring.observation.MitogenCallObservations;

/**
 * The {@code mitogen.calls} timer derived from the {@code mitogen.call} observations
 * ({@link MitogenCallObservations}): the same name, tags ({@code host}, {@code method},
 * {@code outcome}) and meaning as the timer {@link MitogenMetrics} records from a call listener
 * when there are no observations, so dashboards do not change when an
 * {@code ObservationRegistry} is added.
 *
 * <p>Register it on the observation registry ({@code observationConfig().observationHandler(...)});
 * the auto-configuration does so, and then {@link MitogenMetrics} records no timer of its own.
 *
 * @since 0.1.0
 */
public class MitogenCallsObservationHandler implements ObservationHandler<Observation.Context> {

    private final MeterRegistry registry;

    /**
     * @param registry where the timer is registered
     */
    public MitogenCallsObservationHandler(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return MitogenCallObservations.NAME.equals(context.getName());
    }

    @Override
    public void onStart(Observation.Context context) {
        context.put(Timer.Sample.class, Timer.start(this.registry));
    }

    @Override
    public void onStop(Observation.Context context) {
        Timer.Sample sample = context.get(Timer.Sample.class);
        if (sample == null) {
            return;
        }
        sample.stop(Timer.builder(MitogenMetrics.CALLS)
            .tag("host", valueOf(context, "host"))
            .tag("method", valueOf(context, "method"))
            .tag("outcome", valueOf(context, "outcome"))
            .description(MitogenMetrics.CALLS_DESCRIPTION)
            .register(this.registry));
    }

    private static String valueOf(Observation.Context context, String key) {
        KeyValue value = context.getLowCardinalityKeyValue(key);
        return (value != null) ? value.getValue() : "unknown";
    }

}
