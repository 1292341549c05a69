package io.mitogen.spring.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.mitogen.core.Router;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.autoconfigure.MitogenAutoConfiguration;
import io.mitogen.spring.metrics.MitogenMetrics;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for mitogen's Micrometer meters, bound to
 * the application's registries when Micrometer is present.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MitogenAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ Router.class, Contexts.class })
public final class MitogenMetricsAutoConfiguration {

    MitogenMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MitogenMetrics mitogenMetrics(Router router, Contexts contexts) {
        return new MitogenMetrics(router, contexts);
    }

}
