package io.mitogen.core;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mitogen.core.testing.ParentProgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every child dies when its parent goes, and a forgotten broker neither hangs nor leaks. */
class ParentDeathTests {

    @Test
    void killingTheParentKillsChildAndGrandchildWithinTwoSeconds() throws Exception {
        Process parent = startParent("wait");
        try {
            long[] pids = readPids(parent);
            assertThat(Arrays.stream(pids).allMatch(LifecycleTests::isAlive)).isTrue();
            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> Arrays.stream(pids).noneMatch(LifecycleTests::isAlive));
        }
        finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void programThatForgetsCloseExitsAndLeavesNoChild() throws Exception {
        Process parent = startParent("forget");
        try {
            long[] pids = readPids(parent);
            await().atMost(Duration.ofSeconds(30)).until(() -> !parent.isAlive());
            assertThat(parent.exitValue()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> Arrays.stream(pids).noneMatch(LifecycleTests::isAlive));
        }
        finally {
            parent.destroyForcibly();
        }
    }

    private static Process startParent(String mode) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        return new ProcessBuilder(List.of(java, "-cp", classpath, ParentProgram.class.getName(), mode))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static long[] readPids(Process parent) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("PIDS ")) {
                return Arrays.stream(line.substring(5).trim().split(" ")).mapToLong(Long::parseLong).toArray();
            }
        }
        throw new AssertionError("the parent program exited without starting its children");
    }
}
