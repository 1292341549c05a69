package io.mitogen.spring.autoconfigure.endpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.mitogen.core.Router;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.autoconfigure.MitogenAutoConfiguration;
import io.mitogen.spring.endpoint.MitogenEndpoint;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link MitogenEndpoint}
 * ({@code /actuator/mitogen}), when it is available: exposed (not on the web by default) and
 * not switched off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MitogenAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean({ Router.class, Contexts.class })
@ConditionalOnAvailableEndpoint(MitogenEndpoint.class)
public final class MitogenEndpointAutoConfiguration {

    MitogenEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MitogenEndpoint mitogenEndpoint(Router router, Contexts contexts) {
        return new MitogenEndpoint(router, contexts);
    }

}
