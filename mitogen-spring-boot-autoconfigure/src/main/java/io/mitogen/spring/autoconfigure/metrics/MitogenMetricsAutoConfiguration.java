package io.mitogen.spring.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.mitogen.core.Router;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.autoconfigure.MitogenAutoConfiguration;
import io.mitogen.spring.autoconfigure.observation.MitogenObservationAutoConfiguration;
import io.mitogen.spring.metrics.MitogenCallsObservationHandler;
import io.mitogen.spring.observation.MitogenCallObservations;
import io.mitogen.spring.metrics.MitogenMetrics;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for mitogen's Micrometer meters, bound to
 * the application's registries when Micrometer is present. With an {@link ObservationRegistry},
 * {@code mitogen.calls} is derived from the {@code mitogen.call} observations.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MitogenAutoConfiguration.class, MitogenObservationAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ Router.class, Contexts.class })
public final class MitogenMetricsAutoConfiguration {

    MitogenMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MitogenMetrics mitogenMetrics(Router router, Contexts contexts, ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<MitogenCallObservations> callObservations, ObjectProvider<MeterRegistry> meters) {
        ObservationRegistry observationRegistry = observations.getIfUnique();
        MeterRegistry meterRegistry = meters.getIfUnique();
        if (observationRegistry == null || observationRegistry.isNoop() || meterRegistry == null
                || callObservations.getIfUnique() == null) {
            return new MitogenMetrics(router, contexts);
        }
        // Calls are observations (MitogenObservationAutoConfiguration): the timer comes from them,
        // not from a listener beside them. Not a bean, so that Boot does not register it again.
        observationRegistry.observationConfig().observationHandler(new MitogenCallsObservationHandler(meterRegistry));
        return new MitogenMetrics(router, contexts, false);
    }

}
