package io.mitogen.spring.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import io.mitogen.core.HostKeyPolicy;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.autoconfigure.MitogenProperties.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each start-up mistake of issue 17, with the exact report a user sees. The YAML files are real
 * configuration files, so that the report shows their origin (file:line).
 */
class MitogenStrictConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MitogenAutoConfiguration.class));

    @Test
    void mistypedHostKeyIsReportedWithItsOriginAndANearMiss() {
        assertThat(report("typo.yml")).isEqualTo("""
                Invalid mitogen configuration:

                    Property: mitogen.hosts.edge.remote-nam
                    Origin: class path resource [strict/typo.yml] - 5:19
                    Reason: is not a mitogen property

                Update your application's configuration: did you mean 'remote-name'? use one of \
                [mitogen.hosts.edge.transport, mitogen.hosts.edge.via, mitogen.hosts.edge.connect, \
                mitogen.hosts.edge.keep-connected, mitogen.hosts.edge.java-path, mitogen.hosts.edge.jvm-args, \
                mitogen.hosts.edge.remote-name, mitogen.hosts.edge.connect-timeout, mitogen.hosts.edge.hostname, \
                mitogen.hosts.edge.port, mitogen.hosts.edge.username, mitogen.hosts.edge.password, \
                mitogen.hosts.edge.identity-file, mitogen.hosts.edge.known-hosts, mitogen.hosts.edge.host-key-policy, \
                mitogen.hosts.edge.login, mitogen.hosts.edge.container, mitogen.hosts.edge.image, \
                mitogen.hosts.edge.pod, mitogen.hosts.edge.namespace, mitogen.hosts.edge.jail, \
                mitogen.hosts.edge.kind, mitogen.hosts.edge.pid], or remove it""");
    }

    @Test
    void aHostWhoseOnlyKeyIsMistypedDoesNotVanish() {
        assertThat(report("only-key-mistyped.yml")).contains("Property: mitogen.hosts.edge.trasnport")
            .contains("Origin: class path resource [strict/only-key-mistyped.yml] - 4:18")
            .contains("did you mean 'transport'?");
    }

    @Test
    void hostForHostsIsReported() {
        assertThat(report("host-for-hosts.yml")).contains("Property: mitogen.host.edge.transport")
            .contains("Reason: is not a mitogen property")
            .contains("did you mean 'hosts'?");
    }

    @Test
    void aKeyTheTransportDoesNotReadIsReportedWithTheKeysItReads() {
        assertThat(report("not-read.yml")).isEqualTo("""
                Invalid mitogen configuration:

                    Property: mitogen.hosts.edge.hostname
                    Origin: class path resource [strict/not-read.yml] - 5:17
                    Reason: is not read by transport local, which reads [transport, via, connect, keep-connected, \
                java-path, jvm-args, remote-name, connect-timeout]

                Update your application's configuration: remove it, or choose a transport that reads it""");
    }

    @Test
    void aMistypedTransportIsReportedWithANearMiss() {
        assertThat(report("transport-typo.yml")).contains("Property: mitogen.hosts.edge.transport")
            .contains("Origin: class path resource [strict/transport-typo.yml] - 4:18")
            .contains("Reason: unknown transport 'shh'")
            .contains("did you mean 'ssh'? set it to one of [local, ssh, sudo,");
    }

    @Test
    void topLevelAndGroupTyposAreReported() {
        assertStartupReport("mitogen.health.timout", "did you mean 'timeout'?", "mitogen.health.timout=1s");
        assertStartupReport("mitogen.shutdown-grase", "did you mean 'shutdown-grace'?", "mitogen.shutdown-grase=1s");
        assertStartupReport("mitogen.reconnect.max", "use one of [mitogen.reconnect.initial-backoff, mitogen.reconnect.max-backoff]",
                "mitogen.reconnect.max=1s");
        assertStartupReport("mitogen.hosts.web.jvm-args.extra", "is not a mitogen property",
                "mitogen.hosts.web.transport=local", "mitogen.hosts.web.jvm-args.extra=x");
    }

    @Test
    void aHostWithoutTransportFailsLazyOrEager() {
        assertStartupReport("mitogen.hosts.web.transport", "no transport is set (host 'web' has [remote-name])",
                "mitogen.hosts.web.remote-name=x");
        assertStartupReport("mitogen.hosts.web.transport", "no transport is set (host 'web' has [connect])",
                "mitogen.hosts.web.connect=eager");
    }

    @Test
    void camelCaseListsAndEnumsAreAccepted() {
        this.runner.withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(yaml("camel-and-lists.yml")))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                MitogenProperties.Host edge = context.getBean(MitogenProperties.class).getHosts().get("edge");
                assertThat(edge.getTransport()).isEqualTo(Transport.SSH);
                assertThat(edge.getHostKeyPolicy()).isEqualTo(HostKeyPolicy.ACCEPT_NEW);
                assertThat(edge.getIdentityFile()).containsExactly("/keys/a", "/keys/b");
                assertThat(edge.getJvmArgs()).containsExactly("-Xmx64m");
                assertThat(context.getBean(Contexts.class).names()).containsExactly("edge");
            });
    }

    @Test
    void theReportNeverShowsAValue() {
        this.runner
            .withPropertyValues("mitogen.hosts.web.transport=local", "mitogen.hosts.web.password=s3cret-pa55")
            .run((context) -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = new MitogenFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("mitogen.hosts.web.password").doesNotContain("s3cret");
                assertThat(analysis.getAction()).doesNotContain("s3cret");
            });
    }

    private String report(String file) {
        String[] report = new String[1];
        this.runner.withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(yaml(file)))
            .run((context) -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = new MitogenFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
                report[0] = analysis.getDescription() + "\n" + analysis.getAction();
            });
        return report[0];
    }

    private void assertStartupReport(String property, String text, String... properties) {
        this.runner.withPropertyValues(properties).run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new MitogenFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: " + property);
            assertThat(analysis.getDescription() + analysis.getAction()).contains(text);
        });
    }

    private static PropertySource<?> yaml(String file) {
        try {
            return new YamlPropertySourceLoader().load(file, new ClassPathResource("strict/" + file)).get(0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
