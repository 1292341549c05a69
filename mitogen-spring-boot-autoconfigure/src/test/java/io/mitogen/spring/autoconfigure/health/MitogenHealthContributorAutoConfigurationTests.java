package io.mitogen.spring.autoconfigure.health;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.mitogen.spring.Contexts;
import io.mitogen.spring.HostState;
import io.mitogen.spring.autoconfigure.MitogenAutoConfiguration;
import io.mitogen.spring.autoconfigure.MitogenConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MitogenHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MitogenAutoConfiguration.class,
                MitogenHealthContributorAutoConfiguration.class))
        .withPropertyValues("mitogen.hosts.web1.transport=local", "mitogen.hosts.db1.transport=local");

    @Test
    void runShouldCreateOneIndicatorPerHostInOrder() {
        this.runner.run((context) -> {
            CompositeHealthContributor mitogen = context.getBean("mitogenHealthContributor",
                    CompositeHealthContributor.class);
            assertThat(mitogen.stream().map((entry) -> entry.name())).containsExactly("web1", "db1");
        });
    }

    @Test
    void hostNeverUsedIsUnknownAndNotConnectedByTheCheck() {
        this.runner.run((context) -> {
            Health health = indicator(context, "web1").health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat(health.getDetails()).containsEntry("state", "NOT_CONNECTED");
            assertThat(context.getBean(Contexts.class).find("web1")).isEmpty();
        });
    }

    @Test
    void connectedHostIsUpWithRoundTripJavaVersionPidAndUptime() {
        this.runner.run((context) -> {
            long pid = context.getBean(Contexts.class).get("db1").pid();
            Health health = indicator(context, "db1").health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("pid", pid)
                .containsEntry("javaVersion", System.getProperty("java.version"))
                .containsKeys("roundTripMicros", "uptime");
        });
    }

    @Test
    void lostHostIsUnreachableWithItsLastErrorAndTheApplicationStaysUp() {
        this.runner.run((context) -> {
            Contexts contexts = context.getBean(Contexts.class);
            contexts.get("db1");
            long pid = contexts.get("web1").pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(10))
                .until(() -> indicator(context, "web1").health(true).getStatus().getCode().equals("UNREACHABLE"));
            assertThat(indicator(context, "web1").health(true).getDetails()).containsEntry("state", "DISCONNECTED")
                .hasEntrySatisfying("error", (error) -> assertThat(error.toString()).startsWith("link lost: ")
                    .contains("(pid " + pid + ")"));
            // Boot's default aggregation ignores a status outside its order: one lost host does
            // not make the application DOWN.
            Status overall = new SimpleStatusAggregator().getAggregateStatus(new HashSet<>(List.of(Status.UP,
                    indicator(context, "web1").health(true).getStatus(), indicator(context, "db1").health(true).getStatus())));
            assertThat(overall).isEqualTo(Status.UP);
        });
    }

    @Test
    void lostHostIsDownWhenConfiguredSo() {
        this.runner.withPropertyValues("mitogen.health.unreachable-status=down").run((context) -> {
            Contexts contexts = context.getBean(Contexts.class);
            ProcessHandle.of(contexts.get("web1").pid()).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(10))
                .until(() -> indicator(context, "web1").health(true).getStatus().equals(Status.DOWN));
            assertThat(new SimpleStatusAggregator().getAggregateStatus(
                    Set.of(Status.UP, indicator(context, "web1").health(true).getStatus())))
                .isEqualTo(Status.DOWN);
        });
    }

    @Test
    void failedHostIsUnreachableWithTheCause() {
        this.runner.withPropertyValues("mitogen.hosts.web1.java-path=/nonexistent/bin/java").run((context) -> {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> context.getBean(Contexts.class).get("web1"));
            Health health = indicator(context, "web1").health(true);
            assertThat(health.getStatus().getCode()).isEqualTo("UNREACHABLE");
            assertThat(health.getDetails()).containsEntry("state", "FAILED")
                .hasEntrySatisfying("error", (error) -> assertThat(error.toString()).contains("/nonexistent/bin/java"));
        });
    }

    @Test
    void upStatusForUnreachableIsRefused() {
        this.runner.withPropertyValues("mitogen.health.unreachable-status=up").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOfSatisfying(MitogenConfigurationException.class,
                        (ex) -> assertThat(ex.getProperty()).isEqualTo("mitogen.health.unreachable-status"));
        });
    }

    @Test
    void uptimeIsInWholeSeconds() {
        this.runner.run((context) -> {
            context.getBean(Contexts.class).get("db1");
            assertThat(indicator(context, "db1").health(true).getDetails().get("uptime").toString())
                .matches("PT(\\d+H)?(\\d+M)?\\d+S|PT0S");
        });
    }

    @Test
    void healthMayConnectWhenConfigured() {
        this.runner.withPropertyValues("mitogen.health.connect=true").run((context) -> {
            assertThat(indicator(context, "web1").health(true).getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void healthThatMayConnectAlsoReconnectsALostHost() {
        this.runner.withPropertyValues("mitogen.health.connect=true").run((context) -> {
            Contexts contexts = context.getBean(Contexts.class);
            long firstPid = contexts.get("web1").pid();
            ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> contexts.status("web1").state() == HostState.DISCONNECTED);
            Health health = indicator(context, "web1").health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails().get("pid")).isNotEqualTo(firstPid);
        });
    }

    @Test
    void nonPositiveTimeoutIsReportedWithItsKey() {
        this.runner.withPropertyValues("mitogen.health.timeout=0s").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOfSatisfying(MitogenConfigurationException.class, (ex) -> {
                    assertThat(ex.getProperty()).isEqualTo("mitogen.health.timeout");
                    assertThat(ex.getMessage()).contains("must be positive, not PT0S");
                    assertThat(ex.getAction()).contains("such as 2s");
                });
        });
    }

    @Test
    void runWhenDisabledShouldBackOff() {
        this.runner.withPropertyValues("management.health.mitogen.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean("mitogenHealthContributor"));
    }

    private static HealthIndicator indicator(org.springframework.context.ApplicationContext context, String host) {
        CompositeHealthContributor mitogen = context.getBean("mitogenHealthContributor", CompositeHealthContributor.class);
        return (HealthIndicator) mitogen.getContributor(host);
    }

}
