package io.mitogen.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.mitogen.core.Broker;
import io.mitogen.core.Context;
import io.mitogen.core.PodmanOptions;
import io.mitogen.core.Router;
import io.mitogen.core.SuOptions;
import io.mitogen.core.SudoOptions;

/**
 * {@code --methods [--quick]}: a child's create, first call, shutdown and their total through each
 * connection method this machine has, local, sudo and su (the testbed's users, as root) and podman
 * (the testbed's {@code mitogen-ctr}), as {@code method_<name>_<part>_ms_median} lines. The
 * methods take turns, run by run, so that load changes touch them all alike. A method whose peer
 * is missing is left out, saying why on a {@code #} line. (Formerly printed by a core test,
 * {@code MethodFiguresTests}, which asserted nothing a figure could fail.)
 */
final class MethodFigures {

    private static final String CONTAINER = "mitogen-ctr";

    private static final String[] PARTS = { "create", "first_call", "shutdown", "total" };

    private final boolean quick;

    MethodFigures(boolean quick) {
        this.quick = quick;
    }

    void run() {
        int runs = this.quick ? 3 : 5;
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            router.local().call(BenchTasks::noop); // warm up the parent's side
            Map<String, Supplier<Context>> methods = new LinkedHashMap<>();
            methods.put("local", router::local);
            if (hasTestbedUsers()) {
                methods.put("sudo", () -> router.sudo(SudoOptions.builder().username("mitotest").build()));
                methods.put("su", () -> router.su(SuOptions.builder().username("mitotest").build()));
            }
            else {
                System.out.println("# method figures: sudo and su left out (no testbed users, or not root)");
            }
            if (hasPodman()) {
                methods.put("podman", () -> router.podman(PodmanOptions.builder().container(CONTAINER).build()));
            }
            else {
                System.out.println("# method figures: podman left out (" + CONTAINER + " does not run commands)");
            }
            Map<String, List<long[]>> times = new LinkedHashMap<>();
            methods.keySet().forEach((name) -> times.put(name, new ArrayList<>()));
            for (int run = 0; run < runs; run++) {
                for (Map.Entry<String, Supplier<Context>> method : methods.entrySet()) {
                    times.get(method.getKey()).add(once(method.getValue()));
                }
            }
            for (Map.Entry<String, List<long[]>> method : times.entrySet()) {
                for (int part = 0; part < PARTS.length; part++) {
                    long[] values = new long[method.getValue().size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = method.getValue().get(i)[part];
                    }
                    print("method_" + method.getKey() + "_" + PARTS[part] + "_ms_median", median(values) / 1e6, "ms");
                }
            }
        }
    }

    /** Create, first call, shutdown and their sum, in nanoseconds. */
    private static long[] once(Supplier<Context> start) {
        long t0 = System.nanoTime();
        Context child = start.get();
        long t1 = System.nanoTime();
        long pid = child.call(BenchTasks::pid);
        long t2 = System.nanoTime();
        child.shutdown();
        long t3 = System.nanoTime();
        if (pid == ProcessHandle.current().pid()) {
            throw new IllegalStateException("the call ran in the benchmark's own JVM, not in a child");
        }
        return new long[] { t1 - t0, t2 - t1, t3 - t2, t3 - t0 };
    }

    /** Root, sudo, su, the testbed's users and its sudoers file (shared/testbed/setup.sh). */
    private static boolean hasTestbedUsers() {
        return "root".equals(System.getProperty("user.name"))
                && List.of("mitotest", "mitopw", "mitotty").stream().allMatch((user) -> succeeds("id", "-u", user))
                && succeeds("sudo", "-V") && succeeds("su", "--version")
                && Files.isRegularFile(Path.of("/etc/sudoers.d/mitogen-testbed"));
    }

    /** Whether the testbed's container exists and runs a command. */
    private static boolean hasPodman() {
        return succeeds("podman", "container", "exists", CONTAINER) && succeeds("podman", "exec", CONTAINER, "true");
    }

    private static boolean succeeds(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor() == 0;
        }
        catch (java.io.IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return (sorted.length % 2 == 1) ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private static void print(String name, double value, String unit) {
        String shown = (value == Math.rint(value) && Math.abs(value) < 1e15) ? Long.toString((long) value)
                : String.format("%.2f", value);
        System.out.println(name + " " + shown + " " + unit);
    }
}
