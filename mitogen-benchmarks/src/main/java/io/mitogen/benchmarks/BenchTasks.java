package io.mitogen.benchmarks;

/** What the benchmark runs in children: as little as possible, so the figures measure mitogen. */
public final class BenchTasks {

    private BenchTasks() {
    }

    public static int noop() {
        return 0;
    }

    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /** Takes a large argument and answers with its length. */
    public static int sink(byte[] data) {
        return data.length;
    }

    /** Answers with {@code size} bytes. */
    public static byte[] source(int size) {
        return new byte[size];
    }

    /** The child's resident set size in kB, from /proc. */
    public static long rssKb() throws Exception {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
