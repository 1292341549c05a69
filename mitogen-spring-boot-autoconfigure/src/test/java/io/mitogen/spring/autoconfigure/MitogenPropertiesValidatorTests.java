package io.mitogen.spring.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every value is checked in one place, when {@link MitogenProperties} is bound: with no mitogen
 * bean at all (no broker, no contexts, no health contributor), each mistake still stops the
 * application naming its property.
 */
class MitogenPropertiesValidatorTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(PropertiesOnly.class);

    @Test
    void goodValuesBind() {
        this.runner.withPropertyValues("mitogen.hosts.web.transport=local", "mitogen.hosts.db.transport=ssh",
                "mitogen.hosts.db.hostname=db.example.com", "mitogen.hosts.db.via=web")
            .run((context) -> assertThat(context).hasNotFailed().hasSingleBean(MitogenProperties.class));
    }

    @Test
    void eachMistakeIsFoundWhenThePropertiesAreBound() {
        assertRefused("mitogen.shutdown-grace", "mitogen.shutdown-grace=0s");
        assertRefused("mitogen.reconnect.initial-backoff", "mitogen.reconnect.initial-backoff=-1s");
        assertRefused("mitogen.reconnect.max-backoff", "mitogen.reconnect.initial-backoff=2s", "mitogen.reconnect.max-backoff=1s");
        assertRefused("mitogen.health.timeout", "mitogen.health.timeout=0s");
        assertRefused("mitogen.health.unreachable-status", "mitogen.health.unreachable-status=UP");
        assertRefused("mitogen.hosts.web.transport", "mitogen.hosts.web.remote-name=x");
        assertRefused("mitogen.hosts.web.via", "mitogen.hosts.web.transport=local", "mitogen.hosts.web.via=nowhere");
        assertRefused("mitogen.hosts.web.connect-timeout", "mitogen.hosts.web.transport=local",
                "mitogen.hosts.web.connect-timeout=0s");
        assertRefused("mitogen.hosts.web.hostname", "mitogen.hosts.web.transport=ssh");
        assertRefused("mitogen.hosts.web.port", "mitogen.hosts.web.transport=ssh", "mitogen.hosts.web.hostname=a",
                "mitogen.hosts.web.port=70000");
    }

    private void assertRefused(String property, String... properties) {
        this.runner.withPropertyValues(properties).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().as(String.join(", ", properties))
                .isInstanceOfSatisfying(MitogenConfigurationException.class,
                        (ex) -> assertThat(ex.getProperty()).isEqualTo(property));
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MitogenProperties.class)
    static class PropertiesOnly {

    }

}
