package io.mitogen.spring.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.mitogen.core.Broker;
import io.mitogen.core.ConnectFailedException;
import io.mitogen.core.Context;
import io.mitogen.core.Router;
import io.mitogen.core.testing.Tasks;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.HostState;
import io.mitogen.spring.HostUnavailableException;
import io.mitogen.spring.NoSuchHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MitogenAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MitogenAutoConfiguration.class));

    @Test
    void runShouldCreateBrokerRouterContextsAndLifecycle() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(Broker.class).hasSingleBean(Router.class).hasSingleBean(Contexts.class)
                .hasSingleBean(MitogenLifecycle.class);
            assertThat(context.getBean(Contexts.class).names()).isEmpty();
        });
    }

    @Test
    void runWhenDisabledShouldBackOff() {
        this.runner.withPropertyValues("mitogen.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(Broker.class).doesNotHaveBean(Contexts.class));
    }

    @Test
    void runWhenUserDefinesBrokerShouldUseIt() {
        this.runner.withUserConfiguration(UserBrokerConfiguration.class).run((context) -> {
            assertThat(context).hasSingleBean(Broker.class);
            assertThat(context.getBean(Broker.class).shutdownGrace()).isEqualTo(Duration.ofMillis(1234));
            assertThat(context.getBean(Router.class).broker()).isSameAs(context.getBean(Broker.class));
        });
    }

    @Test
    void runWithHostsShouldConnectOnFirstUseAndResolveViaByName() {
        this.runner.withPropertyValues("mitogen.hosts.first.transport=local", "mitogen.hosts.second.transport=local",
                "mitogen.hosts.second.via=first", "mitogen.hosts.second.remote-name=second-child")
            .run((context) -> {
                Contexts contexts = context.getBean(Contexts.class);
                assertThat(contexts.names()).containsExactly("first", "second");
                assertThat(contexts.status("first").state()).isEqualTo(HostState.NOT_CONNECTED);
                assertThat(contexts.find("first")).isEmpty();
                Context second = contexts.get("second");
                assertThat(second.name()).isEqualTo("second-child");
                // Named after its host unless remote-name says otherwise: ps shows mitogen:first.
                assertThat(contexts.get("first").name()).isEqualTo("mitogen:first");
                assertThat(ProcessHandle.of(contexts.get("first").pid()).orElseThrow().info().arguments().orElseThrow())
                    .contains("mitogen:first");
                assertThat(second.call(Tasks::parentPid)).isEqualTo(contexts.get("first").pid());
                assertThat(contexts.statuses().values()).allSatisfy(
                        (status) -> assertThat(status.state()).isEqualTo(HostState.CONNECTED));
            });
    }

    @Test
    void runWithEagerHostShouldConnectWhenTheApplicationStarts() {
        this.runner.withPropertyValues("mitogen.hosts.early.transport=local", "mitogen.hosts.early.connect=eager")
            .run((context) -> assertThat(context.getBean(Contexts.class).status("early").state())
                .isEqualTo(HostState.CONNECTED));
    }

    @Test
    void runWithSeveralEagerHostsShouldConnectThemAllAtOnceWhenTheApplicationStarts() {
        this.runner.withPropertyValues("mitogen.hosts.a.transport=local", "mitogen.hosts.a.connect=eager",
                "mitogen.hosts.b.transport=local", "mitogen.hosts.b.connect=eager",
                "mitogen.hosts.c.transport=local", "mitogen.hosts.c.connect=eager", "mitogen.hosts.c.via=a",
                "mitogen.hosts.d.transport=local")
            .run((context) -> {
                Contexts contexts = context.getBean(Contexts.class);
                for (String name : new String[] { "a", "b", "c" }) {
                    assertThat(contexts.find(name)).as(name).isPresent();
                }
                assertThat(contexts.find("d")).as("a lazy host waits for its first use").isEmpty();
                assertThat(contexts.get("c").call(Tasks::parentPid)).isEqualTo(contexts.get("a").pid());
            });
    }

    @Test
    void eagerHostsWhereOneFailsReportThatOne() {
        this.runner.withPropertyValues("mitogen.hosts.good.transport=local", "mitogen.hosts.good.connect=eager",
                "mitogen.hosts.bad.transport=local", "mitogen.hosts.bad.connect=eager",
                "mitogen.hosts.bad.java-path=/nonexistent/bin/java")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(findCause(context.getStartupFailure(), EagerHostConnectException.class))
                        .hasMessageContaining("mitogen host 'bad' (connect: eager) failed to connect");
            });
    }

    @Test
    void runWhenAHostIsLostShouldReconnectOnNextUse() {
        this.runner.withPropertyValues("mitogen.hosts.web.transport=local").run((context) -> {
            Contexts contexts = context.getBean(Contexts.class);
            long firstPid = contexts.get("web").pid();
            ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(10))
                .until(() -> contexts.status("web").state() == HostState.DISCONNECTED);
            assertThat(contexts.get("web").call(Tasks::pid)).isNotEqualTo(firstPid);
        });
    }

    @Test
    void runWhenConnectingFailsShouldBackOffAndSayWhy() {
        this.runner.withPropertyValues("mitogen.hosts.broken.transport=local",
                "mitogen.hosts.broken.java-path=/nonexistent/bin/java", "mitogen.reconnect.initial-backoff=1h",
                "mitogen.reconnect.max-backoff=1h")
            .run((context) -> {
                Contexts contexts = context.getBean(Contexts.class);
                assertThatThrownBy(() -> contexts.get("broken")).isInstanceOf(ConnectFailedException.class)
                    .hasMessageContaining("/nonexistent/bin/java");
                assertThatThrownBy(() -> contexts.get("broken")).isInstanceOf(HostUnavailableException.class)
                    .hasMessageContaining("host 'broken' failed to connect")
                    .hasMessageContaining("next attempt in");
                assertThat(contexts.status("broken").state()).isEqualTo(HostState.FAILED);
                assertThat(contexts.status("broken").failures()).isEqualTo(1);
                assertThat(contexts.status("broken").lastError()).contains("/nonexistent/bin/java");
            });
    }

    @Test
    void unknownHostNameIsNoSuchHostNotUnavailable() {
        this.runner.withPropertyValues("mitogen.hosts.web.transport=local")
            .run((context) -> assertThatThrownBy(() -> context.getBean(Contexts.class).get("nope"))
                .isInstanceOf(NoSuchHostException.class)
                .isNotInstanceOf(HostUnavailableException.class)
                .hasMessage("no host named 'nope' in mitogen.hosts; known hosts: [web]"));
    }

    @Test
    void closingTheApplicationStopsEveryChildEvenDuringACall() {
        long[] pids = new long[2];
        this.runner.withPropertyValues("mitogen.hosts.a.transport=local", "mitogen.hosts.b.transport=local",
                "mitogen.hosts.b.via=a", "mitogen.shutdown-grace=1s")
            .run((context) -> {
                Contexts contexts = context.getBean(Contexts.class);
                pids[0] = contexts.get("a").pid();
                pids[1] = contexts.get("b").pid();
                contexts.get("b").runAsync(Tasks::hang);
            });
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse();
        }
    }

    @Test
    void unknownViaIsReportedWithItsKey() {
        assertStartupFailure("mitogen.hosts.web.via", "no host named 'bastion'", "mitogen.hosts.web.transport=local",
                "mitogen.hosts.web.via=bastion");
    }

    @Test
    void viaCycleIsReportedWithTheLoop() {
        assertStartupFailure("mitogen.hosts.a.via", "the via chain loops: a -> b -> a", "mitogen.hosts.a.transport=local",
                "mitogen.hosts.a.via=b", "mitogen.hosts.b.transport=local", "mitogen.hosts.b.via=a");
    }

    @Test
    void unknownTransportIsReportedWithTheKnownOnes() {
        assertStartupFailure("mitogen.hosts.web.transport", "unknown transport 'telnet'",
                "mitogen.hosts.web.transport=telnet");
    }

    @Test
    void missingTransportIsReported() {
        assertStartupFailure("mitogen.hosts.web.transport", "no transport is set", "mitogen.hosts.web.remote-name=x");
    }

    @Test
    void badOptionValueIsReportedWithTheHost() {
        assertStartupFailure("mitogen.hosts.web.remote-name", "remote-name value 'a b'", "mitogen.hosts.web.transport=local",
                "mitogen.hosts.web.remote-name=a b");
    }

    @Test
    void badSshValuesAreReportedWithTheHost() {
        assertStartupFailure("mitogen.hosts.web.port", "port must be 1-65535", "mitogen.hosts.web.transport=ssh",
                "mitogen.hosts.web.hostname=example.com", "mitogen.hosts.web.port=70000");
        assertStartupFailure("mitogen.hosts.web.hostname", "hostname 'a b'", "mitogen.hosts.web.transport=ssh",
                "mitogen.hosts.web.hostname=a b");
        assertStartupFailure("mitogen.hosts.web.username", "username 'a b'", "mitogen.hosts.web.transport=ssh",
                "mitogen.hosts.web.hostname=example.com", "mitogen.hosts.web.username=a b");
    }

    @Test
    void conflictingKeysAreRefusedNotDropped() {
        for (String transport : new String[] { "docker", "podman" }) {
            assertStartupFailure("mitogen.hosts.box", "set exactly one of container", "mitogen.hosts.box.transport=" + transport,
                    "mitogen.hosts.box.image=eclipse-temurin:17-jre", "mitogen.hosts.box.container=web");
        }
        assertStartupFailure("mitogen.hosts.ns", "set either pid, or kind and container", "mitogen.hosts.ns.transport=setns",
                "mitogen.hosts.ns.pid=4242", "mitogen.hosts.ns.container=web");
        assertStartupFailure("mitogen.hosts.ns", "set either pid, or kind and container", "mitogen.hosts.ns.transport=setns",
                "mitogen.hosts.ns.pid=4242", "mitogen.hosts.ns.kind=docker");
        assertStartupFailure("mitogen.hosts.ns.pid", "must be a positive process id", "mitogen.hosts.ns.transport=setns",
                "mitogen.hosts.ns.pid=0", "mitogen.hosts.ns.kind=docker", "mitogen.hosts.ns.container=web");
    }

    @Test
    void nonPositiveShutdownGraceIsReported() {
        assertStartupFailure("mitogen.shutdown-grace", "must be positive, not PT0S", "mitogen.shutdown-grace=0s");
        assertStartupFailure("mitogen.shutdown-grace", "must be positive", "mitogen.shutdown-grace=-1s");
    }

    @Test
    void badReconnectBackoffIsReported() {
        assertStartupFailure("mitogen.reconnect.initial-backoff", "must be zero or positive",
                "mitogen.reconnect.initial-backoff=-1s");
        assertStartupFailure("mitogen.reconnect.max-backoff", "must not be shorter than mitogen.reconnect.initial-backoff",
                "mitogen.reconnect.initial-backoff=10s", "mitogen.reconnect.max-backoff=5s");
    }

    @Test
    void eagerHostThatFailsToConnectIsReportedNamingTheHost() {
        this.runner.withPropertyValues("mitogen.hosts.early.transport=local", "mitogen.hosts.early.connect=eager",
                "mitogen.hosts.early.java-path=/nonexistent/bin/java")
            .run((context) -> {
                assertThat(context).hasFailed();
                Throwable failure = context.getStartupFailure();
                assertThat(findCause(failure, ConnectFailedException.class)).hasMessageContaining("/nonexistent/bin/java");
                FailureAnalysis analysis = new MitogenFailureAnalyzer.EagerConnect().analyze(failure);
                assertThat(analysis.getDescription()).as(analysis.getDescription()).startsWith("""
                        A mitogen host failed to connect while the application started:

                            Host: early (mitogen.hosts.early)
                            Transport: local
                            Cause: JavaNotFoundException: local child (java /nonexistent/bin/java) on %s failed to start: \
                        no java there""".formatted(io.mitogen.core.testing.Peers.hostname()));
                assertThat(analysis.getAction()).contains("mitogen.hosts.early").contains("lazy");
            });
    }

    @Test
    void transportsNameTheKeyTheyRequire() {
        assertStartupFailure("mitogen.hosts.box.container", "is required by this transport",
                "mitogen.hosts.box.transport=docker");
        assertStartupFailure("mitogen.hosts.box.pod", "is required by this transport", "mitogen.hosts.box.transport=kubectl");
        assertStartupFailure("mitogen.hosts.box.kind", "is required by this transport (or a pid)",
                "mitogen.hosts.box.transport=setns", "mitogen.hosts.box.container=x");
    }

    @Test
    void sudoHostThroughALocalHost() throws Exception {
        io.mitogen.core.testing.Peers.assumeTestbedUsers();
        this.runner.withPropertyValues("mitogen.hosts.base.transport=local", "mitogen.hosts.app.transport=sudo",
                "mitogen.hosts.app.username=mitotest", "mitogen.hosts.app.via=base")
            .run((context) -> {
                Contexts contexts = context.getBean(Contexts.class);
                Context app = contexts.get("app");
                String user = app.call(() -> System.getProperty("user.name"));
                assertThat(user).isEqualTo("mitotest");
                // Started by base: it goes when base goes.
                contexts.get("base").shutdown();
                assertThat(app.isConnected()).isFalse();
            });
    }

    private void assertStartupFailure(String property, String problem, String... properties) {
        this.runner.withPropertyValues(properties).run((context) -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            MitogenConfigurationException cause = findCause(failure, MitogenConfigurationException.class);
            assertThat(cause.getProperty()).isEqualTo(property);
            assertThat(cause.getMessage()).contains(problem);
            FailureAnalysis analysis = new MitogenFailureAnalyzer().analyze(failure);
            assertThat(analysis.getDescription()).contains(property).contains(problem);
            assertThat(analysis.getAction()).isNotBlank();
        });
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        Throwable current = failure;
        while (current != null) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            current = current.getCause();
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBrokerConfiguration {

        @Bean
        Broker userBroker() {
            return new Broker(Duration.ofMillis(1234));
        }

    }

}
