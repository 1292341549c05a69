package io.mitogen.core;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.mitogen.core.testing.ParentProgram;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MITOGEN_LOG_LEVEL, router.enableDebug() and Mitogen.run, each in a real parent process. */
class DebugAidsTests {

    @Test
    void logLevelDebugShowsChildOutputAndLogsOnStderr() throws Exception {
        String stderr = runParent("hello", Map.of("MITOGEN_LOG_LEVEL", "DEBUG"));
        assertThat(stderr).containsPattern("INFO mitogen\\.ctx\\.local\\.\\d+: stdout: java says hello")
                .containsPattern("INFO mitogen\\.ctx\\.local\\.\\d+: stderr: java warns hello")
                .containsPattern("INFO mitogen\\.ctx\\.local\\.\\d+: app\\.tasks: hello hello")
                .containsPattern("DEBUG mitogen\\.ctx\\.local\\.\\d+: app\\.tasks: quiet hello")
                .contains("DEBUG io.mitogen.core.Children: Context(")
                .doesNotContain("sending Message(");
    }

    @Test
    void logLevelIoAlsoShowsEveryFrameInEveryContext() throws Exception {
        String stderr = runParent("hello", Map.of("MITOGEN_LOG_LEVEL", "IO"));
        assertThat(stderr).contains("io.mitogen.core.internal.router.Stream: local.")
                .containsPattern("sending Message\\(dst=\\d+ src=0 auth=0 handle=101")
                .containsPattern("io\\.mitogen\\.core\\.internal\\.router\\.Stream: parent: received Message\\(");
    }

    @Test
    void logLevelWarnKeepsItQuiet() throws Exception {
        String stderr = runParent("hello", Map.of("MITOGEN_LOG_LEVEL", "WARN"));
        assertThat(stderr).doesNotContain("stdout: java says hello").contains("app.tasks: failed hello");
    }

    @Test
    void enableDebugMakesEveryContextWriteADebugLog() throws Exception {
        Process parent = start("debug", Map.of());
        String stdout = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(parent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String[] pids = stdout.substring(stdout.indexOf("PIDS ") + 5).trim().split(" ");
        for (long pid : new long[] { parent.pid(), Long.parseLong(pids[0]), Long.parseLong(pids[1]) }) {
            Path debugLog = Path.of(System.getProperty("java.io.tmpdir"), "mitogen." + pid + ".log");
            try {
                assertThat(debugLog).as("debug log of pid %d", pid).exists();
                assertThat(Files.readString(debugLog)).contains("debug log: " + debugLog);
            }
            finally {
                Files.deleteIfExists(debugLog);
            }
        }
    }

    @Test
    void mitogenRunShutsDownWhateverHappens() {
        long[] pid = new long[1];
        assertThatThrownBy(() -> Mitogen.run((router) -> {
            pid[0] = router.local().call(Tasks::pid);
            throw new IllegalStateException("the program failed");
        })).hasMessage("the program failed");
        assertThat(LifecycleTests.isAlive(pid[0])).isFalse();
        int sum = Mitogen.call((router) -> router.local().call(Tasks::add, 20, 22));
        assertThat(sum).isEqualTo(42);
    }

    private static String runParent(String mode, Map<String, String> env) throws Exception {
        Process parent = start(mode, env);
        try {
            String stderr = new String(parent.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(parent.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(parent.exitValue()).as(stderr).isZero();
            return stderr;
        }
        finally {
            parent.destroyForcibly();
        }
    }

    private static Process start(String mode, Map<String, String> env) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", classpath, ParentProgram.class.getName(), mode));
        builder.environment().putAll(env);
        // One pipe each: the one read is drained to its end, so the other can never fill and block the parent.
        if (!mode.equals("debug")) {
            return builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        }
        return builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
