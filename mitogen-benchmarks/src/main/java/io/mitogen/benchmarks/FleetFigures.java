package io.mitogen.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.mitogen.core.Broker;
import io.mitogen.core.Context;
import io.mitogen.core.Router;
import io.mitogen.core.SshOptions;
import io.mitogen.test.SshTestServer;

/**
 * {@code --fleet [--quick]}: fleets of 10, 50 and 100 ssh contexts ({@code --quick}: 10 and
 * 50), connected 32 at a time with {@link Router#connectAsync}, one call each, then what the
 * master holds for them and what shutting them all down costs. Against the testbed's OpenSSH
 * when {@code MITOGEN_TESTBED_HOST} is set (a separate process, so the master's figures are
 * the master's alone), else against an in-process SSHD server, whose own threads and memory
 * then count as the master's (said on a {@code #} line). {@code fleet_upstream.py} measures
 * upstream Mitogen the same way.
 */
final class FleetFigures {

    private final boolean quick;

    FleetFigures(boolean quick) {
        this.quick = quick;
    }

    void run() throws Exception {
        String testbed = System.getenv("MITOGEN_TESTBED_HOST");
        SshTestServer local = null;
        SshOptions.Builder options;
        if (testbed != null) {
            System.out.println("# fleet against OpenSSH at " + testbed + ":" + System.getenv("MITOGEN_TESTBED_PORT"));
            options = SshOptions.builder(testbed).port(Integer.parseInt(System.getenv("MITOGEN_TESTBED_PORT")))
                .username(System.getenv("MITOGEN_TESTBED_KEY_USER"))
                .identityFile(Path.of(System.getenv("MITOGEN_TESTBED_KEY")))
                .knownHosts(Path.of(System.getenv("MITOGEN_TESTBED_KNOWN_HOSTS")));
        }
        else {
            local = SshTestServer.start();
            System.out.println("# fleet against an in-process SSHD server: its threads and memory count as the"
                    + " master's (set MITOGEN_TESTBED_HOST for OpenSSH)");
            options = SshOptions.builder("127.0.0.1").port(local.port()).username(System.getProperty("user.name"))
                .identityFile(local.clientKey()).knownHosts(local.knownHosts());
        }
        options.sshConfig(false).compression(false).connectTimeout(java.time.Duration.ofSeconds(120));
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            router.connectPoolSize(32);
            // Warm the client (classes loaded, bundle built), as a long-running master would be.
            Context warm = router.ssh(options.build());
            warm.call(BenchTasks::noop);
            warm.shutdown();
            awaitConnectThreadsGone();
            int baseline = threads();
            System.out.println("# master threads before the fleets: " + baseline + " " + threadNames());
            for (int n : this.quick ? new int[] { 10, 50 } : new int[] { 10, 50, 100 }) {
                fleet(router, options, n, baseline);
            }
        }
        finally {
            if (local != null) {
                local.close();
            }
        }
    }

    private void fleet(Router router, SshOptions.Builder options, int n, int baseline) throws Exception {
        System.out.println("# fleet" + n + ": loadavg " + loadavg());
        long start = System.nanoTime();
        List<CompletableFuture<Context>> connecting = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            connecting.add(router.connectAsync(options.build()).thenApply((context) -> {
                context.call(BenchTasks::noop);
                return context;
            }));
        }
        List<Context> fleet = new ArrayList<>();
        Throwable failed = null;
        for (CompletableFuture<Context> each : connecting) {
            try {
                fleet.add(each.get(300, TimeUnit.SECONDS));
            }
            catch (Exception ex) {
                failed = (failed == null) ? ex : failed;
            }
        }
        long elapsed = System.nanoTime() - start;
        if (failed != null) {
            System.out.println("# fleet" + n + ": " + (n - fleet.size()) + " of " + n + " failed to connect: " + failed);
        }
        print("fleet" + n + "_ssh_connect_and_call_ms", elapsed / 1e6, "ms");
        int whileConnected = threads();
        // The connect pool's threads end when idle: what the fleet itself holds is counted after.
        awaitConnectThreadsGone();
        int held = threads();
        System.out.println("# fleet" + n + ": " + whileConnected + " master threads just after connecting, " + held
                + " once the connect pool is idle: " + threadNames());
        print("fleet" + n + "_master_threads", held, "threads");
        print("fleet" + n + "_master_threads_per_context", (held - baseline) / (double) fleet.size(), "threads");
        System.gc();
        java.lang.management.MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        print("fleet" + n + "_master_heap_mb", heap.getUsed() / 1048576.0, "MB");
        print("fleet" + n + "_master_rss_mb", rssKb() / 1024.0, "MB");
        long stopStart = System.nanoTime();
        router.shutdown(fleet);
        print("fleet" + n + "_shutdown_all_ms", (System.nanoTime() - stopStart) / 1e6, "ms");
        awaitConnectThreadsGone();
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Live threads by name, digits folded ({@code mitogen-connect-#} x 3), to see where they come from. */
    static String threadNames() {
        Map<String, Integer> names = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            names.merge(thread.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
        return names.toString();
    }

    private static void awaitConnectThreadsGone() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline && Thread.getAllStackTraces().keySet().stream()
                .anyMatch((t) -> t.getName().startsWith("mitogen-connect-"))) {
            Thread.sleep(100);
        }
    }

    private static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        catch (Exception ex) {
            // Not Linux: no figure.
        }
        return -1;
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        }
        catch (Exception ex) {
            return "unknown";
        }
    }

    private static void print(String name, double value, String unit) {
        String shown = (value == Math.rint(value) && Math.abs(value) < 1e15) ? Long.toString((long) value)
                : String.format("%.2f", value);
        System.out.println(name + " " + shown + " " + unit);
    }
}
