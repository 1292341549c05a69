package io.mitogen.spring.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.mitogen.core.Context;
import io.mitogen.core.testing.Tasks;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.HostState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees: INFO when a host connects, WARN when it is lost or reconnected, and
 * {@code keep-connected} hosts coming back in the background, with real children.
 */
@ExtendWith(OutputCaptureExtension.class)
class MitogenOperationsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MitogenAutoConfiguration.class))
        .withPropertyValues("mitogen.reconnect.initial-backoff=100ms", "mitogen.reconnect.max-backoff=1s");

    @Test
    void connectingIsLoggedAtInfoWithMethodPidAndTime(CapturedOutput output) {
        this.runner.withPropertyValues("mitogen.hosts.web.transport=local", "mitogen.hosts.app.transport=local",
                "mitogen.hosts.app.via=web")
            .run((context) -> {
                Contexts contexts = context.getBean(Contexts.class);
                long web = contexts.get("web").pid();
                long app = contexts.get("app").pid();
                assertThat(output).containsPattern("INFO .*mitogen host 'web' connected: local, pid " + web + ", in \\d+ ms")
                    .containsPattern("INFO .*mitogen host 'app' connected: local via web, pid " + app + ", in \\d+ ms");
            });
    }

    @Test
    void aLostHostIsLoggedAtWarnAndReconnectedOnNextUse(CapturedOutput output) {
        this.runner.withPropertyValues("mitogen.hosts.web.transport=local").run((context) -> {
            Contexts contexts = context.getBean(Contexts.class);
            long first = contexts.get("web").pid();
            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> contexts.status("web").state() == HostState.DISCONNECTED);
            assertThat(output).containsPattern("WARN .*mitogen host 'web' lost: .*pid " + first + "; the next use reconnects it");
            assertThat(contexts.status("web").lastError()).startsWith("link lost: ");
            long second = contexts.get("web").pid();
            assertThat(output).containsPattern("WARN .*mitogen host 'web' reconnected: local, pid " + second);
        });
    }

    @Test
    void keepConnectedReconnectsInTheBackground(CapturedOutput output) {
        this.runner.withPropertyValues("mitogen.hosts.web.transport=local", "mitogen.hosts.web.keep-connected=true")
            .run((context) -> {
                Contexts contexts = context.getBean(Contexts.class);
                Context first = contexts.get("web");
                ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
                await().atMost(Duration.ofSeconds(30))
                    .until(() -> contexts.find("web").filter((c) -> c != first).isPresent());
                Context second = contexts.find("web").orElseThrow();
                assertThat(second.pid()).isNotEqualTo(first.pid());
                assertThat(second.call(Tasks::add, 1, 2)).isEqualTo(3);
                assertThat(contexts.status("web").state()).isEqualTo(HostState.CONNECTED);
                assertThat(output).contains("mitogen host 'web' lost: ").contains("reconnecting in the background");
            });
    }

    @Test
    void keepConnectedRetriesAFailedHostWithTheBackoff(CapturedOutput output) {
        this.runner.withPropertyValues("mitogen.hosts.web.transport=local", "mitogen.hosts.web.keep-connected=true",
                "mitogen.hosts.web.java-path=/nonexistent/bin/java")
            .run((context) -> {
                Contexts contexts = context.getBean(Contexts.class);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> contexts.get("web"));
                // Retried in the background: the failures count up without anyone calling get().
                await().atMost(Duration.ofSeconds(20)).until(() -> contexts.status("web").failures() >= 3);
                assertThat(contexts.status("web").state()).isIn(HostState.FAILED, HostState.CONNECTING);
                assertThat(output).contains("mitogen host 'web' could not be reconnected");
            });
    }

    @Test
    void shutdownOfAHostIsNotALossAndNotReconnected(CapturedOutput output) {
        this.runner.withPropertyValues("mitogen.hosts.web.transport=local", "mitogen.hosts.web.keep-connected=true")
            .run((context) -> {
                Contexts contexts = context.getBean(Contexts.class);
                Context first = contexts.get("web");
                assertThat(contexts.shutdown("web")).isTrue();
                assertThat(first.isConnected()).isFalse();
                assertThat(contexts.find("web")).isEmpty();
                assertThat(output).doesNotContain("mitogen host 'web' lost");
                assertThat(contexts.shutdown("web")).isFalse();
            });
    }

    @Test
    void stoppingTheApplicationReportsNoLossAndReconnectsNothing(CapturedOutput output) {
        long[] pid = new long[1];
        this.runner.withPropertyValues("mitogen.hosts.web.transport=local", "mitogen.hosts.web.keep-connected=true")
            .run((context) -> pid[0] = context.getBean(Contexts.class).get("web").pid());
        assertThat(ProcessHandle.of(pid[0]).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(output).doesNotContain("mitogen host 'web' lost").doesNotContain("reconnected");
    }

}
