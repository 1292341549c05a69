package io.mitogen.spring.autoconfigure;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.mitogen.core.Broker;
import io.mitogen.core.Context;
import io.mitogen.core.Router;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.autoconfigure.MitogenProperties.Reconnect;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for mitogen: a {@link Broker} whose
 * children stop with the application, a {@link Router}, and the {@link Contexts} of the hosts
 * in {@code mitogen.hosts}.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(Router.class)
@ConditionalOnBooleanProperty(name = "mitogen.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MitogenProperties.class)
public final class MitogenAutoConfiguration {

    MitogenAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    Broker mitogenBroker(MitogenProperties properties) {
        // Spring stops it in lifecycle order (after the web server drains); a JVM hook of its
        // own would stop children while requests that use them are still running.
        return Broker.builder()
            .shutdownGrace(properties.getShutdownGrace())
            .shutdownHook(false)
            .build();
    }

    @Bean
    @ConditionalOnMissingBean
    Router mitogenRouter(Broker broker) {
        return new Router(broker);
    }

    /** Checks every {@code mitogen.*} key before anything is bound (static: it runs that early). */
    @Bean
    static MitogenKeyCheck mitogenKeyCheck(Environment environment) {
        return new MitogenKeyCheck(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    Contexts mitogenContexts(Router router, MitogenProperties properties) {
        Reconnect reconnect = properties.getReconnect();
        Map<String, Function<@Nullable Context, Context>> connectors = HostConnectors.create(router, properties.getHosts());
        Contexts.Builder builder = Contexts.builder().backoff(reconnect.getInitialBackoff(), reconnect.getMaxBackoff());
        properties.getHosts().forEach((name, host) -> builder.host(name, host.getVia(),
                String.valueOf(host.getTransport()).toLowerCase(Locale.ROOT), host.isKeepConnected(), connectors.get(name)));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    MitogenLifecycle mitogenLifecycle(Broker broker, Router router, Contexts contexts, MitogenProperties properties) {
        return new MitogenLifecycle(broker, router, contexts, properties);
    }

}
