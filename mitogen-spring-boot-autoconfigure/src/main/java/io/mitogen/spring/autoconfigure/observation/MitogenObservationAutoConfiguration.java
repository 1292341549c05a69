package io.mitogen.spring.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.mitogen.core.Router;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.autoconfigure.MitogenAutoConfiguration;
import io.mitogen.spring.observation.CallTraceContext;
import io.mitogen.spring.observation.MicrometerTracingCallTraceContext;
import io.mitogen.spring.observation.MitogenCallObservations;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of an Observation per call
 * ({@code mitogen.call}) when the application has an {@link ObservationRegistry}; with
 * Micrometer Tracing on the class path, each call also carries its trace and span ids
 * ({@link CallTraceContext}), so a child's records arrive with them in the MDC.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MitogenAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ ObservationRegistry.class, Router.class, Contexts.class })
public final class MitogenObservationAutoConfiguration {

    MitogenObservationAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MitogenCallObservations mitogenCallObservations(ObservationRegistry registry, Router router, Contexts contexts,
            ObjectProvider<CallTraceContext> traceContext) {
        MitogenCallObservations observations = new MitogenCallObservations(registry, contexts,
                traceContext.getIfAvailable());
        router.addCallObserver(observations);
        return observations;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tracer.class)
    static class TraceContextConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CallTraceContext mitogenCallTraceContext(ObjectProvider<Tracer> tracer) {
            return new MicrometerTracingCallTraceContext(tracer.getIfAvailable(() -> Tracer.NOOP));
        }

    }

}
