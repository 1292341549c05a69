package io.mitogen.spring.autoconfigure.observation;

import java.time.Duration;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.mitogen.core.Context;
import io.mitogen.core.ContextDisconnectedException;
import io.mitogen.core.Receiver;
import io.mitogen.core.Router;
import io.mitogen.core.testing.CapturingAppender;
import io.mitogen.core.testing.Tasks;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.autoconfigure.MitogenAutoConfiguration;
import io.mitogen.spring.observation.CallTraceContext;
import io.mitogen.spring.observation.MitogenCallObservations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An Observation per call, with Micrometer's test registry and real children. */
class MitogenObservationAutoConfigurationTests {

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MitogenAutoConfiguration.class, MitogenObservationAutoConfiguration.class))
        .withPropertyValues("mitogen.hosts.web.transport=local");

    @Test
    void withoutARegistryThereAreNoObservations() {
        this.runner.run((context) -> assertThat(context).doesNotHaveBean(MitogenCallObservations.class));
    }

    @Test
    void eachCallIsAnObservationUnderTheCallersOne() {
        this.runner.withBean(ObservationRegistry.class, () -> this.registry).run((context) -> {
            Context web = context.getBean(Contexts.class).get("web");
            Observation request = Observation.start("request", this.registry);
            try (Observation.Scope scope = request.openScope()) {
                assertThat(web.call(Tasks::add, 1, 2)).isEqualTo(3);
            }
            request.stop();
            TestObservationRegistryAssert.assertThat(this.registry)
                .hasObservationWithNameEqualTo("mitogen.call")
                .that()
                .hasContextualNameEqualTo("mitogen.call Tasks.add(int, int)")
                .hasLowCardinalityKeyValue("host", "web")
                .hasLowCardinalityKeyValue("method", "Tasks.add(int, int)")
                .hasLowCardinalityKeyValue("outcome", "success")
                .hasParentObservationEqualTo(request)
                .hasBeenStarted()
                .hasBeenStopped();
        });
    }

    @Test
    void failuresAndLostContextsAreFailures() {
        this.runner.withBean(ObservationRegistry.class, () -> this.registry).run((context) -> {
            Context web = context.getBean(Contexts.class).get("web");
            assertThatThrownBy(() -> web.call(Tasks::fail, "boom"));
            Context other = context.getBean(Router.class).local();
            Receiver<Void> hanging = other.runAsync(Tasks::hang);
            ProcessHandle.of(other.pid()).orElseThrow().destroyForcibly();
            assertThatThrownBy(() -> hanging.get(Duration.ofSeconds(30))).isInstanceOf(ContextDisconnectedException.class);
            TestObservationRegistryAssert.assertThat(this.registry)
                .hasNumberOfObservationsWithNameEqualTo("mitogen.call", 2)
                .forAllObservationsWithNameEqualTo("mitogen.call",
                        (observation) -> observation.hasLowCardinalityKeyValue("outcome", "failure"))
                .hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("host", "web")
                    .hasLowCardinalityKeyValue("method", "Tasks.fail(String)"))
                .hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("host", "other")
                    .hasLowCardinalityKeyValue("method", "Tasks.hang()"));
        });
    }

    @Test
    void theCallersTraceTravelsWithTheCallAndTheChildsRecordsCarryIt() {
        SimpleTracer tracer = new SimpleTracer();
        ObservationRegistry tracing = ObservationRegistry.create();
        tracing.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
        this.runner.withBean(ObservationRegistry.class, () -> tracing).withBean(Tracer.class, () -> tracer).run((context) -> {
            assertThat(context).hasSingleBean(CallTraceContext.class);
            Context web = context.getBean(Contexts.class).get("web");
            Span request = tracer.nextSpan().name("request").start();
            try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
                assertThat(web.call(Tasks::logWithSlf4j, "traced")).isEqualTo("logged");
            }
            finally {
                request.end();
            }
            web.call(Tasks::logWithSlf4j, "after");
            SimpleSpan call = tracer.getSpans().stream()
                .filter((span) -> request.context().spanId().equals(span.getParentId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span under the request's: " + tracer.getSpans()));
            assertThat(call.getName()).isEqualTo("mitogen.call Tasks.logWithSlf4j(String)");
            Map<String, String> mdc = mdcOf(web, "app.tasks: hello traced");
            assertThat(mdc).containsEntry("traceId", request.context().traceId())
                .containsEntry("spanId", call.getSpanId());
            // A later call outside the request is a trace of its own, not the request's.
            assertThat(mdcOf(web, "app.tasks: hello after").get("traceId")).isNotNull()
                .isNotEqualTo(request.context().traceId());
        });
    }

    @Test
    void withoutTracingTheCallCarriesNoTrace() {
        this.runner.withBean(ObservationRegistry.class, () -> this.registry).run((context) -> {
            Context web = context.getBean(Contexts.class).get("web");
            Observation request = Observation.start("request", this.registry);
            try (Observation.Scope scope = request.openScope()) {
                web.call(Tasks::logWithSlf4j, "plain");
            }
            request.stop();
            assertThat(mdcOf(web, "app.tasks: hello plain")).doesNotContainKeys("traceId", "spanId");
        });
    }

    private static Map<String, String> mdcOf(Context context, String message) {
        return CapturingAppender.from(context.name()).stream()
            .filter((event) -> event.getFormattedMessage().equals(message))
            .reduce((first, second) -> second)
            .orElseThrow(() -> new AssertionError("no record '" + message + "' from " + context))
            .getMDCPropertyMap();
    }

}
