package io.mitogen.benchmarks;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.mitogen.core.internal.transport.BootCommand;

/**
 * What a child's start can at best cost on this machine: a JVM that starts, runs an empty
 * {@code main} and exits, with a child's own flags ({@code jvm_floor_hello_ms_median}) and with
 * the JVM's defaults ({@code jvm_floor_hello_default_flags_ms_median}). The class is read from
 * a directory holding only it, as a child reads its first stage from a one-entry jar. Set
 * beside {@code local_create_call_shutdown_ms_median}, the difference is ours to close.
 */
final class JvmFloor {

    private JvmFloor() {
    }

    static void run(boolean quick) throws Exception {
        Path dir = Files.createTempDirectory("mitogen-jvm-floor");
        try {
            String path = Hello.class.getName().replace('.', '/') + ".class";
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            try (InputStream in = JvmFloor.class.getClassLoader().getResourceAsStream(path)) {
                Files.write(file, in.readAllBytes());
            }
            int runs = quick ? 7 : 21;
            List<String> flags = Arrays.asList(BootCommand.DEFAULT_JVM_FLAGS.split(" +"));
            print("jvm_floor_hello_ms_median", median(dir, flags, runs));
            print("jvm_floor_hello_default_flags_ms_median", median(dir, List.of(), runs));
        }
        finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
            }
        }
    }

    private static double median(Path dir, List<String> flags, int runs) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("-cp", dir.toString(), Hello.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.start().waitFor(); // warm the page cache
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            int status = builder.start().waitFor();
            nanos[i] = System.nanoTime() - start;
            if (status != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + status);
            }
        }
        Arrays.sort(nanos);
        return nanos[runs / 2] / 1e6;
    }

    private static void print(String name, double ms) {
        System.out.println(name + " " + String.format("%.1f", ms) + " ms");
    }

    /** The empty program. */
    static final class Hello {

        public static void main(String[] args) {
        }
    }
}
