package io.mitogen.core;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.testing.BigPushProgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A 4 GiB file from a master to a target through an intermediate, each of the three a separate
 * JVM with {@code -Xmx128m}: constant memory at both ends and between them, the SHA-256 equal at
 * both ends, and calls keep flowing meanwhile (their round trips are printed, never asserted).
 * The master is {@link BigPushProgram}, not this test's JVM, whose heap is the build's.
 */
class LargeFileTransferTests {

    static final long SIZE = 4L * 1024 * 1024 * 1024;

    /** The copy is real (4 GiB of disk); the source is sparse. Room to spare for the rest. */
    static final long DISK_NEEDED = SIZE + 1024L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void fourGibibytesMoveInConstantMemoryOnEveryJvm() throws Exception {
        long free = Files.getFileStore(this.dir).getUsableSpace();
        assumeTrue(free >= DISK_NEEDED, "the 4 GiB transfer needs " + (DISK_NEEDED >> 20) + " MiB free in "
                + this.dir + ", which has " + (free >> 20) + " MiB");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-cp", classpath,
                BigPushProgram.class.getName(), this.dir.toString(), Long.toString(SIZE),
                // The children's flags. C2 allowed: the default child stops at C1, where SHA-256
                // has no intrinsic and this would take a minute.
                "-Xmx128m", "-XX:TieredStopAtLevel=4", "-XX:CICompilerCount=2"));
        Process master = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, String> lines = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(master.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null;) {
                System.out.println("BigPushProgram: " + line);
                int space = line.indexOf(' ');
                String key = (space < 0) ? line : line.substring(0, space);
                if (key.equals("HEAP")) {
                    int second = line.indexOf(' ', space + 1);
                    key = line.substring(0, second);
                    space = second;
                }
                lines.put(key, (space < 0) ? "" : line.substring(space + 1));
            }
            assertThat(master.waitFor(5, TimeUnit.MINUTES)).as("the master program ends").isTrue();
        }
        finally {
            master.destroyForcibly();
            master.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(master.exitValue()).as("the master program's exit status (its stderr is above)").isZero();
        assertThat(lines).containsKey("OK");
        String[] sha = lines.get("SHA").split(" ");
        assertThat(sha[0]).as("SHA-256 of the source, computed by the master").hasSize(64);
        assertThat(sha[1]).as("the transfer's SHA-256 (both ends agreed on it)").isEqualTo(sha[0]);
        assertThat(sha[2]).as("SHA-256 of the copy, computed at the target").isEqualTo(sha[0]);
        assertThat(lines.get("BYTES")).isEqualTo(SIZE + " " + SIZE);
        for (String jvm : List.of("master", "intermediate", "target")) {
            String[] heap = lines.get("HEAP " + jvm).split(" ");
            assertThat(Long.parseLong(heap[0])).as(jvm + "'s maximum heap, MiB").isLessThanOrEqualTo(128);
        }
        assertThat(Files.exists(this.dir.resolve("copy/big.img"))).as("the copy was deleted").isFalse();
        System.out.println("loadavg " + Files.readString(Path.of("/proc/loadavg")).trim());
    }
}
