package io.mitogen.spring.autoconfigure.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

import io.mitogen.spring.Contexts;
import io.mitogen.spring.autoconfigure.MitogenAutoConfiguration;
import io.mitogen.spring.autoconfigure.MitogenProperties;
import io.mitogen.spring.health.MitogenHostHealthIndicator;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code mitogen} health contributor:
 * one indicator per host, at {@code /actuator/health/mitogen/<host>}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MitogenAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, Contexts.class })
@ConditionalOnBean(Contexts.class)
@ConditionalOnEnabledHealthIndicator("mitogen")
public final class MitogenHealthContributorAutoConfiguration {

    MitogenHealthContributorAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(name = { "mitogenHealthIndicator", "mitogenHealthContributor" })
    CompositeHealthContributor mitogenHealthContributor(Contexts contexts, MitogenProperties properties) {
        // Both values were checked when the properties were bound (MitogenPropertiesValidator).
        Duration timeout = properties.getHealth().getTimeout();
        String unreachable = properties.getHealth().getUnreachableStatus();
        Status status = new Status(unreachable.trim().toUpperCase(Locale.ROOT));
        Map<String, MitogenHostHealthIndicator> indicators = new LinkedHashMap<>();
        for (String name : contexts.names()) {
            indicators.put(name,
                    new MitogenHostHealthIndicator(contexts, name, timeout, properties.getHealth().isConnect(), status));
        }
        return CompositeHealthContributor.fromMap(indicators);
    }

}
