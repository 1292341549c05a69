package io.mitogen.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.Context;
import io.mitogen.core.DockerOptions;
import io.mitogen.core.Router;
import io.mitogen.core.SshOptions;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test kit used as a user would: the extension, the ssh server and the stubs, with real children. */
@MitogenTest
class MitogenTestKitTests {

    private final Router router;

    MitogenTestKitTests(Router router) {
        this.router = router;
    }

    @Test
    void theRouterIsOnePerClassAndStartsRealChildren(Router router) {
        assertThat(router).isSameAs(this.router);
        Context child = router.local();
        assertThat(child.call(Tasks::add, 2, 3)).isEqualTo(5);
        assertThat(ProcessHandle.of(child.pid())).isPresent();
    }

    @Test
    void sshServerRunsRealCommands() {
        try (SshTestServer sshd = SshTestServer.start()) {
            Context box = this.router.ssh(SshOptions.builder("127.0.0.1").port(sshd.port())
                .identityFile(sshd.clientKey()).knownHosts(sshd.knownHosts()).build());
            assertThat(box.call(Tasks::add, 20, 22)).isEqualTo(42);
            assertThat(sshd.sessionsOpened()).isEqualTo(1);
            assertThat(sshd.knownHostsLine()).startsWith("[127.0.0.1]:" + sshd.port() + " ecdsa-sha2-nistp256 ");
            box.shutdown();
        }
    }

    @Test
    void stubToolStartsARealChildAndRecordsItsArgv(@TempDir Path dir) {
        StubTools stubs = StubTools.in(dir);
        Context box = this.router.docker(DockerOptions.builder().container("web").dockerPath(stubs.tool("docker")).build());
        assertThat(box.call(Tasks::add, 1, 1)).isEqualTo(2);
        List<List<String>> invocations = stubs.invocations();
        assertThat(invocations).hasSize(1);
        assertThat(invocations.get(0)).startsWith("docker", "exec").contains("web");
        box.shutdown();
    }

    @Test
    void aProcessLeftBehindIsReported() throws Exception {
        Set<Long> before = MitogenExtension.descendants();
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            assertThatThrownBy(() -> MitogenExtension.assertNoProcessLeft(before, Duration.ofMillis(200), "this test"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("this test left processes running")
                .hasMessageContaining(sleeper.pid() + " ");
        }
        finally {
            sleeper.destroyForcibly().waitFor();
        }
        MitogenExtension.assertNoProcessLeft(before, Duration.ofSeconds(5), "this test");
    }

}
