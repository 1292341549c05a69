package io.mitogen.spring.autoconfigure.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.FilteredClassLoader;

import io.mitogen.core.Context;
import io.mitogen.core.Router;
import io.mitogen.core.testing.Tasks;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.HostState;
import io.mitogen.spring.autoconfigure.MitogenAutoConfiguration;
import io.mitogen.spring.autoconfigure.observation.MitogenObservationAutoConfiguration;
import io.mitogen.spring.metrics.MitogenMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MitogenMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MitogenAutoConfiguration.class, MitogenMetricsAutoConfiguration.class))
        .withPropertyValues("mitogen.hosts.web.transport=local");

    @Test
    void metersCountHostsCallsBytesAndClasses() {
        this.runner.run((context) -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(MitogenMetrics.class).bindTo(registry);
            assertThat(registry.get("mitogen.hosts").tag("state", "NOT_CONNECTED").gauge().value()).isEqualTo(1);
            Contexts contexts = context.getBean(Contexts.class);
            assertThat(contexts.get("web").call(Tasks::add, 1, 2)).isEqualTo(3);
            assertThat(registry.get("mitogen.hosts").tag("state", "CONNECTED").gauge().value()).isEqualTo(1);
            assertThat(registry.get("mitogen.calls").tag("host", "web").tag("outcome", "success")
                .tag("method", "Tasks.add(int, int)").timer().count())
                .isEqualTo(1);
            assertThat(registry.get("mitogen.bytes").tag("direction", "sent").functionCounter().count()).isPositive();
            assertThat(registry.get("mitogen.bytes").tag("direction", "received").functionCounter().count()).isPositive();
            assertThat(registry.get("mitogen.classes.served").functionCounter().count()).isPositive();
        });
    }

    @Test
    void callsAreTaggedWithTheHostNameWhichSurvivesAReconnection() {
        this.runner.run((context) -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(MitogenMetrics.class).bindTo(registry);
            Contexts contexts = context.getBean(Contexts.class);
            Context first = contexts.get("web");
            assertThat(first.call(Tasks::add, 1, 2)).isEqualTo(3);
            ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> contexts.status("web").state() == HostState.DISCONNECTED);
            Context second = contexts.get("web");
            assertThat(second.pid()).isNotEqualTo(first.pid());
            assertThat(second.call(Tasks::add, 2, 3)).isEqualTo(5);
            assertThat(registry.get("mitogen.calls").tag("host", "web").tag("outcome", "success").timer().count())
                .isEqualTo(2);
            assertThat(registry.find("mitogen.calls").timers()).hasSize(1);
        });
    }

    @Test
    void callsToContextsThatAreNotConfiguredHostsAreTaggedOther() {
        this.runner.run((context) -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(MitogenMetrics.class).bindTo(registry);
            Context adHoc = context.getBean(Router.class).local();
            assertThat(adHoc.call(Tasks::add, 1, 1)).isEqualTo(2);
            assertThat(context.getBean(Contexts.class).nameOf(adHoc)).isEmpty();
            assertThat(registry.get("mitogen.calls").tag("host", "other").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void runWithoutMicrometerShouldBackOff() {
        this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
            .run((context) -> assertThat(context).doesNotHaveBean(MitogenMetrics.class));
    }

    @Test
    void withAnObservationRegistryTheCallsTimerComesFromTheObservationsOnly() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        this.runner.withConfiguration(AutoConfigurations.of(MitogenObservationAutoConfiguration.class))
            .withBean(ObservationRegistry.class, () -> observations)
            .withBean(MeterRegistry.class, () -> meters)
            .run((context) -> {
                // As Boot's MeterRegistryPostProcessor binds it: the other meters stay.
                context.getBean(MitogenMetrics.class).bindTo(meters);
                Contexts contexts = context.getBean(Contexts.class);
                assertThat(contexts.get("web").call(Tasks::add, 1, 2)).isEqualTo(3);
                assertThatThrownBy(() -> contexts.get("web").call(Tasks::fail, "boom"));
                // Once each: no listener records beside the observation.
                assertThat(meters.get("mitogen.calls").tag("host", "web").tag("outcome", "success")
                    .tag("method", "Tasks.add(int, int)").timer().count()).isEqualTo(1);
                assertThat(meters.get("mitogen.calls").tag("host", "web").tag("outcome", "failure")
                    .tag("method", "Tasks.fail(String)").timer().count()).isEqualTo(1);
                assertThat(meters.find("mitogen.calls").timers()).hasSize(2);
                assertThat(meters.get("mitogen.calls").timer().getId().getDescription())
                    .isEqualTo("Calls to contexts, from sending to the answer");
                assertThat(meters.get("mitogen.bytes").tag("direction", "sent").functionCounter().count()).isPositive();
            });
    }

    @Test
    void withANoopObservationRegistryTheListenerRecordsTheCalls() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        this.runner.withConfiguration(AutoConfigurations.of(MitogenObservationAutoConfiguration.class))
            .withBean(ObservationRegistry.class, () -> ObservationRegistry.NOOP)
            .withBean(MeterRegistry.class, () -> meters)
            .run((context) -> {
                context.getBean(MitogenMetrics.class).bindTo(meters);
                assertThat(context.getBean(Contexts.class).get("web").call(Tasks::add, 1, 2)).isEqualTo(3);
                assertThat(meters.get("mitogen.calls").tag("host", "web").timer().count()).isEqualTo(1);
            });
    }

}
