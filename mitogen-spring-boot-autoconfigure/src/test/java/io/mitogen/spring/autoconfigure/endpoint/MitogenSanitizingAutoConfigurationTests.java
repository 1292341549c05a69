package io.mitogen.spring.autoconfigure.endpoint;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesBeanDescriptor;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.mitogen.spring.autoconfigure.MitogenAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class MitogenSanitizingAutoConfigurationTests {

    private static final String PASSWORD = "s3cret-pa55";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(MitogenAutoConfiguration.class, MitogenSanitizingAutoConfiguration.class))
        .withPropertyValues("mitogen.hosts.web.transport=sudo", "mitogen.hosts.web.username=deploy",
                "mitogen.hosts.web.password=" + PASSWORD);

    @Test
    void functionMasksHostPasswordsAndNothingElse() {
        this.runner.run((context) -> {
            SanitizingFunction function = context.getBean("mitogenSanitizingFunction", SanitizingFunction.class);
            assertThat(function.apply(data("mitogen.hosts.web.password", PASSWORD)).getValue())
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
            assertThat(function.apply(data("MITOGEN_HOSTS_WEB_PASSWORD", PASSWORD)).getValue())
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
            assertThat(function.apply(data("mitogen.hosts[web].password", PASSWORD)).getValue())
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
            assertThat(function.apply(data("mitogen.hosts.web.username", "deploy")).getValue()).isEqualTo("deploy");
            assertThat(function.apply(data("other.password-hint", "x")).getValue()).isEqualTo("x");
        });
    }

    @Test
    void configpropsShowsUsernameButNotPasswordWhenValuesAreShown() {
        this.runner.run((context) -> {
            ConfigurationPropertiesReportEndpoint endpoint = new ConfigurationPropertiesReportEndpoint(
                    functions(context), Show.ALWAYS);
            endpoint.setApplicationContext(context);
            ConfigurationPropertiesBeanDescriptor mitogen = endpoint.configurationPropertiesWithPrefix("mitogen")
                .getContexts()
                .values()
                .iterator()
                .next()
                .getBeans()
                .values()
                .iterator()
                .next();
            Map<String, Object> web = map(map(mitogen.getProperties().get("hosts")).get("web"));
            assertThat(web).containsEntry("username", "deploy")
                .containsEntry("password", SanitizableData.SANITIZED_VALUE);
            Map<String, Object> webInputs = map(map(mitogen.getInputs().get("hosts")).get("web"));
            assertThat(map(webInputs.get("username"))).containsEntry("value", "deploy");
            assertThat(map(webInputs.get("password"))).containsEntry("value", SanitizableData.SANITIZED_VALUE);
            assertThat(String.valueOf(mitogen.getProperties()) + mitogen.getInputs()).doesNotContain(PASSWORD);
        });
    }

    @Test
    void envShowsUsernameButNotPasswordWhenValuesAreShown() {
        this.runner.run((context) -> {
            EnvironmentEndpoint endpoint = new EnvironmentEndpoint(context.getEnvironment(), functions(context),
                    Show.ALWAYS);
            assertThat(endpoint.environmentEntry("mitogen.hosts.web.username").getProperty().getValue())
                .isEqualTo("deploy");
            assertThat(endpoint.environmentEntry("mitogen.hosts.web.password").getProperty().getValue())
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
        });
    }

    @Test
    void runWithoutActuatorShouldBackOff() {
        this.runner.withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("mitogenSanitizingFunction"));
    }

    private static SanitizableData data(String key, Object value) {
        return new SanitizableData(null, key, value);
    }

    private static List<SanitizingFunction> functions(AssertableApplicationContext context) {
        return context.getBeanProvider(SanitizingFunction.class).orderedStream().toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

}
