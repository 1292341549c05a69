package io.mitogen.spring.autoconfigure.endpoint;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of a {@link SanitizingFunction} that masks
 * every {@code mitogen.hosts.<name>.password} in {@code /actuator/configprops} and
 * {@code /actuator/env}, even with {@code show-values=always} (Spring Boot no longer masks values
 * by key name). It applies whether or not mitogen itself is enabled: the values are in the
 * environment either way.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class MitogenSanitizingAutoConfiguration {

    MitogenSanitizingAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(name = "mitogenSanitizingFunction")
    SanitizingFunction mitogenSanitizingFunction() {
        return (data) -> isHostPassword(data) ? data.withSanitizedValue() : data;
    }

    /**
     * Whether the key is a host's password: {@code mitogen.hosts.<name>.password} as bound (also
     * with a bracketed name), or {@code MITOGEN_HOSTS_<NAME>_PASSWORD} from the environment.
     */
    private static boolean isHostPassword(SanitizableData data) {
        String key = data.getLowerCaseKey();
        return (key.startsWith("mitogen.hosts.") || key.startsWith("mitogen.hosts[") || key.startsWith("mitogen_hosts_"))
                && key.endsWith("password");
    }

}
