package io.mitogen.core;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.mitogen.core.testing.VirtualThreadCallers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 virtual threads making calls on Java 25 pin no carrier: JFR's
 * {@code jdk.VirtualThreadPinned} (threshold 0) records none. Runs only where Temurin 25 is
 * installed; skipped, saying so, elsewhere. (Since Java 24 monitors no longer pin, so on 25 this
 * catches the other causes: blocking in native frames or class initialisers. The call path uses
 * locks, not monitors, for Java 21 to 23 too.)
 */
class VirtualThreadTests {

    private static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @Test
    void tenThousandVirtualThreadsCallWithoutPinning() throws Exception {
        String out = run("10000", "clean");
        System.out.println("virtual_thread_calls " + out.replace('\n', ' ') + " load " + loadAverage());
        assertThat(out).as(out).contains("CALLS 10000").contains("PINNED 0");
    }

    @Test
    void theRecordingSeesAPinWhenThereIsOne() throws Exception {
        String out = run("10", "pin");
        assertThat(out).as(out).contains("CALLS 10").doesNotContain("PINNED 0").contains("Pinning");
    }

    private static String run(String callers, String mode) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(JAVA_25), "no Java 25 at " + JAVA_25 + ": virtual-thread test skipped");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process program = new ProcessBuilder(List.of(JAVA_25.toString(), "-cp", classpath,
                VirtualThreadCallers.class.getName(), callers, mode))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        try {
            String out = new String(program.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(program.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(program.exitValue()).as(out).isZero();
            return out;
        }
        finally {
            program.destroyForcibly();
        }
    }

    private static String loadAverage() throws Exception {
        File loadavg = new File("/proc/loadavg");
        return loadavg.exists() ? Files.readString(loadavg.toPath()).trim() : "?";
    }

}
