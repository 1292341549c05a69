package io.mitogen.spring.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.mitogen.core.Router;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.autoconfigure.MitogenAutoConfiguration;
import io.mitogen.spring.observation.MitogenCallObservations;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of an Observation per call
 * ({@code mitogen.call}) when the application has an {@link ObservationRegistry}.
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
    MitogenCallObservations mitogenCallObservations(ObservationRegistry registry, Router router, Contexts contexts) {
        MitogenCallObservations observations = new MitogenCallObservations(registry, contexts);
        router.addCallObserver(observations);
        return observations;
    }

}
