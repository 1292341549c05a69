package io.mitogen.spring.autoconfigure.endpoint;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

import io.mitogen.core.Context;
import io.mitogen.core.Router;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.HostState;
import io.mitogen.spring.autoconfigure.MitogenAutoConfiguration;
import io.mitogen.spring.endpoint.MitogenEndpoint;
import io.mitogen.spring.endpoint.MitogenEndpoint.ContextDescriptor;
import io.mitogen.spring.endpoint.MitogenEndpoint.TreeDescriptor;

import static org.assertj.core.api.Assertions.assertThat;

class MitogenEndpointAutoConfigurationTests {

    private static final String PASSWORD = "s3cret-pa55";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MitogenAutoConfiguration.class, MitogenEndpointAutoConfiguration.class))
        .withPropertyValues("mitogen.hosts.a.transport=local", "mitogen.hosts.b.transport=local", "mitogen.hosts.b.via=a",
                "mitogen.hosts.c.transport=local", "mitogen.hosts.root.transport=sudo",
                "mitogen.hosts.root.password=" + PASSWORD);

    @Test
    void notAvailableUnlessExposed() {
        this.runner.run((context) -> assertThat(context).doesNotHaveBean(MitogenEndpoint.class));
    }

    @Test
    void treeShowsEachContextUnderTheOneThatStartedItAndHostsNotConnected() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=mitogen").run((context) -> {
            Contexts contexts = context.getBean(Contexts.class);
            Context a = contexts.get("a");
            Context b = contexts.get("b");
            Context other = context.getBean(Router.class).local();
            TreeDescriptor tree = context.getBean(MitogenEndpoint.class).contexts();
            assertThat(tree.bytesSent()).isPositive();
            assertThat(tree.bytesReceived()).isPositive();
            assertThat(tree.contexts()).extracting(ContextDescriptor::host).containsExactly("a", null, "c", "root");
            ContextDescriptor nodeA = tree.contexts().get(0);
            assertThat(nodeA.name()).isEqualTo("mitogen:a");
            assertThat(nodeA.id()).isEqualTo(a.id());
            assertThat(nodeA.method()).isEqualTo("local");
            assertThat(nodeA.pid()).isEqualTo(a.pid());
            assertThat(nodeA.javaVersion()).isEqualTo(System.getProperty("java.version"));
            assertThat(nodeA.state()).isEqualTo("CONNECTED");
            assertThat(nodeA.uptime()).matches("PT.*S");
            assertThat(nodeA.classLoading()).containsKeys("classesServed", "bytesSent");
            assertThat(nodeA.bytesSent()).isPositive().isLessThanOrEqualTo(tree.bytesSent());
            assertThat(nodeA.bytesReceived()).isPositive().isLessThanOrEqualTo(tree.bytesReceived());
            assertThat(nodeA.children()).singleElement().satisfies((nodeB) -> {
                assertThat(nodeB.host()).isEqualTo("b");
                assertThat(nodeB.bytesSent()).as("b's bytes cross a's link").isNull();
                assertThat(nodeB.bytesReceived()).isNull();
                assertThat(nodeB.via()).isEqualTo("a");
                assertThat(nodeB.pid()).isEqualTo(b.pid());
            });
            ContextDescriptor unconfigured = tree.contexts().get(1);
            assertThat(unconfigured.id()).isEqualTo(other.id());
            assertThat(unconfigured.method()).isNull();
            assertThat(tree.contexts().get(2).state()).isEqualTo("NOT_CONNECTED");
            assertThat(tree.contexts().get(2).pid()).isNull();
        });
    }

    @Test
    void oneHostAndNoSuchHost() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=mitogen").run((context) -> {
            context.getBean(Contexts.class).get("b");
            MitogenEndpoint endpoint = context.getBean(MitogenEndpoint.class);
            assertThat(endpoint.host("b").via()).isEqualTo("a");
            assertThat(endpoint.host("b").state()).isEqualTo("CONNECTED");
            assertThat(endpoint.host("nope")).isNull();
            assertThat(endpoint.shutdown("nope")).isNull();
        });
    }

    @Test
    void shutdownStopsTheHostAndThoseStartedThroughIt() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=mitogen").run((context) -> {
            Contexts contexts = context.getBean(Contexts.class);
            Context a = contexts.get("a");
            Context b = contexts.get("b");
            Map<String, Object> result = context.getBean(MitogenEndpoint.class).shutdown("a");
            assertThat(result).containsEntry("host", "a").containsEntry("shutDown", true);
            assertThat(a.isConnected()).isFalse();
            assertThat(b.isConnected()).isFalse();
            assertThat(ProcessHandle.of(a.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(contexts.status("a").state()).isNotEqualTo(HostState.CONNECTED);
            assertThat(contexts.get("a").pid()).isNotEqualTo(a.pid());
        });
    }

    /** Read-only unless allowed: the sample's tests show the web layer refusing the write over HTTP. */
    @Test
    void theWriteOperationNeedsUnrestrictedAccess() {
        assertThat(MitogenEndpoint.class.getAnnotation(Endpoint.class).defaultAccess()).isEqualTo(Access.READ_ONLY);
    }

    @Test
    void nothingShownIsASecret() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=mitogen").run((context) -> {
            context.getBean(Contexts.class).get("b");
            MitogenEndpoint endpoint = context.getBean(MitogenEndpoint.class);
            JsonMapper json = JsonMapper.builder().build();
            String tree = json.writeValueAsString(endpoint.contexts());
            assertThat(tree).contains("\"host\":\"root\"").contains("\"method\":\"sudo\"").doesNotContain(PASSWORD);
            assertThat(json.writeValueAsString(endpoint.host("root"))).doesNotContain(PASSWORD);
        });
    }

}
