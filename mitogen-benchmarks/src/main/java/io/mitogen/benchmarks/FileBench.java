package io.mitogen.benchmarks;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.mitogen.core.Broker;
import io.mitogen.core.Context;
import io.mitogen.core.LocalOptions;
import io.mitogen.core.Router;
import io.mitogen.core.SshOptions;

/**
 * Issue 13's figures alone, for A/B runs: {@code java -cp mitogen-benchmarks.jar
 * io.mitogen.benchmarks.FileBench [bulk] [push] [rtt] [ssh] [startup]} (all when none given).
 * {@code -Dbench.jvmArgs="-XX:..."} adds child JVM flags (e.g. to compare JIT settings);
 * {@code startup} compares the child flag sets in {@code -Dbench.variants} ("|"-separated,
 * "default" for none), interleaved run by run so that they share the machine's load.
 * Prints {@code name value unit} lines, with /proc/loadavg at start and end.
 */
public final class FileBench {

    private static final List<String> JVM_ARGS = split(System.getProperty("bench.jvmArgs", ""));

    private FileBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        List<String> what = Arrays.asList(args);
        boolean all = what.isEmpty();
        System.out.println("# FileBench " + what + ", child jvmArgs " + JVM_ARGS + ", loadavg at start: " + loadavg());
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            if (all || what.contains("startup")) {
                startup(router);
            }
            if (all || what.contains("bulk")) {
                bulk(router);
            }
            if (all || what.contains("push")) {
                push(router);
            }
            if (all || what.contains("rtt")) {
                rttDuringPush(router);
            }
        }
        if (all || what.contains("ssh")) {
            ssh();
        }
        System.out.println("# loadavg at end: " + loadavg());
    }

    private static LocalOptions.Builder local() {
        return LocalOptions.builder().jvmArgs(JVM_ARGS);
    }

    private static void startup(Router router) {
        String[] variants = System.getProperty("bench.variants", "default|-XX:TieredStopAtLevel=4").split("\\|");
        int runs = Integer.getInteger("bench.runs", 21);
        router.local().shutdown();
        long[][] create = new long[variants.length][runs];
        long[][] all = new long[variants.length][runs];
        for (int i = 0; i < runs; i++) {
            for (int v = 0; v < variants.length; v++) {
                List<String> flags = variants[v].equals("default") ? List.of() : split(variants[v]);
                long start = System.nanoTime();
                Context child = router.local(LocalOptions.builder().jvmArgs(flags).build());
                long created = System.nanoTime();
                child.call(BenchTasks::pid);
                child.shutdown();
                create[v][i] = created - start;
                all[v][i] = System.nanoTime() - start;
            }
        }
        for (int v = 0; v < variants.length; v++) {
            System.out.println("# variant [" + variants[v] + "]");
            print("local_create_ms_median", median(create[v]) / 1e6, "ms");
            print("local_create_call_shutdown_ms_median", median(all[v]) / 1e6, "ms");
        }
    }

    private static void bulk(Router router) {
        Context child = router.local(local().build());
        int size = 32 * 1024 * 1024;
        byte[] data = new byte[size];
        int rounds = 15;
        child.call(BenchTasks::sink, data);
        long[] up = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            child.call(BenchTasks::sink, data);
            up[i] = System.nanoTime() - t0;
        }
        print("local_bulk_parent_to_child_MiB_per_s", 32 / (median(up) / 1e9), "MiB/s");
        child.call(BenchTasks::source, size);
        long[] down = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            child.call(BenchTasks::source, size);
            down[i] = System.nanoTime() - t0;
        }
        print("local_bulk_child_to_parent_MiB_per_s", 32 / (median(down) / 1e9), "MiB/s");
        child.shutdown();
    }

    private static void push(Router router) throws Exception {
        int mib = 256;
        Path file = benchFile(mib);
        Path copy = Path.of(file + ".copy");
        Context child = router.local(local().build());
        try {
            router.files().push(file, child, copy.toString());
            long[] push = new long[7];
            long childCpu = child.call(FileBench::cpuNanos);
            long masterCpu = cpuNanos();
            for (int i = 0; i < push.length; i++) {
                push[i] = router.files().push(file, child, copy.toString()).elapsed().toNanos();
            }
            // CPU per GiB moved, each end: what the machine's load does not change much.
            double gib = push.length * mib / 1024.0;
            print("file_push_local_MiB_per_s", mib / (median(push) / 1e9), "MiB/s");
            print("file_push_local_master_cpu_ms_per_GiB", (cpuNanos() - masterCpu) / 1e6 / gib, "ms");
            print("file_push_local_child_cpu_ms_per_GiB", (child.call(FileBench::cpuNanos) - childCpu) / 1e6 / gib, "ms");
            printGc("file_push_local_child", child);
        }
        finally {
            child.shutdown();
            Files.deleteIfExists(copy);
            Files.deleteIfExists(file);
        }
    }

    /** A call's round trip to the target of a large push through an intermediate, while it runs. */
    private static void rttDuringPush(Router router) throws Exception {
        Context intermediate = router.local(local().build());
        Context target = router.local(local().via(intermediate).build());
        long size = Long.getLong("bench.rttPushMiB", 2048) * 1024 * 1024;
        Path source = Files.createTempFile("mitogen-bench-", ".sparse");
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            file.setLength(size); // sparse: reading it costs no disk
        }
        Path copy = Path.of(source + ".copy");
        for (int i = 0; i < 2000; i++) {
            target.call(BenchTasks::noop);
        }
        // The control: the same paced calls with no push, so that the machine's own scheduling
        // delays (4 builds on 2 cores) can be told apart from what the push costs.
        long[] idle = new long[1500];
        for (int i = 0; i < idle.length; i++) {
            long t0 = System.nanoTime();
            target.call(BenchTasks::noop);
            idle[i] = System.nanoTime() - t0;
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
        Arrays.sort(idle);
        print("idle_call_rtt_p50_ms", idle[idle.length / 2] / 1e6, "ms");
        print("idle_call_rtt_p99_ms", idle[(int) (idle.length * 0.99)] / 1e6, "ms");
        AtomicBoolean pushing = new AtomicBoolean(true);
        List<Long> trips = Collections.synchronizedList(new ArrayList<>());
        // -Dbench.rttTo=intermediate calls the intermediate instead: is the delay on the first hop?
        Context called = "intermediate".equals(System.getProperty("bench.rttTo")) ? intermediate : target;
        Thread caller = new Thread(() -> {
            while (pushing.get()) {
                long t0 = System.nanoTime();
                called.call(BenchTasks::noop);
                trips.add(System.nanoTime() - t0);
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
            }
        });
        caller.start();
        double rate;
        try {
            rate = router.files().push(source, target, copy.toString()).mebibytesPerSecond();
        }
        finally {
            pushing.set(false);
            caller.join();
            Files.deleteIfExists(copy);
            Files.deleteIfExists(source);
        }
        long[] sorted = trips.stream().mapToLong(Long::longValue).sorted().toArray();
        print("file_push_via_MiB_per_s", rate, "MiB/s");
        print("file_push_call_count", sorted.length, "calls");
        print("file_push_call_rtt_p50_ms", sorted[sorted.length / 2] / 1e6, "ms");
        print("file_push_call_rtt_p99_ms", sorted[(int) (sorted.length * 0.99)] / 1e6, "ms");
        print("file_push_call_rtt_max_ms", sorted[sorted.length - 1] / 1e6, "ms");
        printGc("file_push_via_intermediate", intermediate);
        printGc("file_push_via_target", target);
        target.shutdown();
        intermediate.shutdown();
    }

    private static void ssh() throws Exception {
        String testbed = System.getenv("MITOGEN_TESTBED_HOST");
        if (testbed == null) {
            System.out.println("# ssh: no testbed (source /tmp/mitogen-testbed/env.sh)");
            return;
        }
        SshOptions options = SshOptions.builder(testbed).port(Integer.parseInt(System.getenv("MITOGEN_TESTBED_PORT")))
            .username(System.getenv("MITOGEN_TESTBED_KEY_USER"))
            .identityFile(Path.of(System.getenv("MITOGEN_TESTBED_KEY")))
            .knownHosts(Path.of(System.getenv("MITOGEN_TESTBED_KNOWN_HOSTS")))
            .sshConfig(false).compression(false).jvmArgs(JVM_ARGS).build();
        Path file = benchFile(256);
        String copy = "/tmp/mitogen-bench-ssh-" + ProcessHandle.current().pid() + ".copy";
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            Context child = router.ssh(options);
            // The testbed user must be able to read the source: it is the master's file, pushed.
            router.files().push(file, child, copy);
            long[] push = new long[5];
            for (int i = 0; i < push.length; i++) {
                push[i] = router.files().push(file, child, copy).elapsed().toNanos();
            }
            print("file_push_ssh_MiB_per_s", 256 / (median(push) / 1e9), "MiB/s");
            child.call(FileBench::delete, copy);
            child.shutdown();
        }
        finally {
            Files.deleteIfExists(file);
        }
    }

    /** Run anywhere: the CPU time this JVM has used, user and system, in ns. */
    public static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** A child's garbage collections since it started: their count and total time. */
    private static void printGc(String prefix, Context child) {
        long[] gc = child.call(FileBench::gc);
        print(prefix + "_gc_count", gc[0], "collections");
        print(prefix + "_gc_ms", gc[1], "ms");
    }

    /** Run in a child: its collections' count and total milliseconds, over all collectors. */
    public static long[] gc() {
        long count = 0;
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean bean : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            ms += Math.max(0, bean.getCollectionTime());
        }
        return new long[] { count, ms };
    }

    /** Run in the ssh child: removes its copy. */
    public static boolean delete(String path) throws java.io.IOException {
        return Files.deleteIfExists(Path.of(path));
    }

    private static Path benchFile(int mib) throws java.io.IOException {
        Path file = Files.createTempFile("mitogen-bench-", ".bin");
        byte[] block = new byte[1024 * 1024];
        java.util.Random random = new java.util.Random(1);
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        return file;
    }

    private static List<String> split(String flags) {
        return flags.isBlank() ? List.of() : Arrays.asList(flags.trim().split("\\s+"));
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return (sorted.length % 2 == 1) ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private static void print(String name, double value, String unit) {
        System.out.println(name + " " + String.format("%.2f", value) + " " + unit);
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        }
        catch (Exception ex) {
            return "unknown";
        }
    }
}
