package io.mitogen.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.mitogen.core.Broker;
import io.mitogen.core.Context;
import io.mitogen.core.Router;
import io.mitogen.core.SshOptions;

/**
 * {@code --slow [--quick]}: round trips over an ssh link with a 250 ms round trip, the testbed's
 * OpenSSH behind {@code shared/testbed/latency-proxy.py} (this kernel has no netem). Each
 * figure is a wall time divided by the round trip, so the far side's own work (the child JVM
 * starting) counts too, as a user sees it: {@code slow_ssh_create_rtts} (connect until ready),
 * {@code slow_first_call_rtts} (a fresh child's first call of a task using a library of 50+
 * classes it does not have), {@code slow_call_rtts} (a plain call) and
 * {@code slow_shutdown_rtts}. The proxy is found at {@code $MITOGEN_LATENCY_PROXY}, else
 * {@code ../shared/testbed/latency-proxy.py} from the working directory, else
 * {@code /work/shared/testbed/latency-proxy.py}.
 */
final class SlowLinkFigures {

    static final int RTT_MS = 250;

    private final boolean quick;

    SlowLinkFigures(boolean quick) {
        this.quick = quick;
    }

    void run() throws Exception {
        if (System.getenv("MITOGEN_TESTBED_HOST") == null) {
            System.out.println("# --slow needs the testbed's OpenSSH: source /tmp/mitogen-testbed/env.sh");
            return;
        }
        Path proxy = proxyScript();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process proxied = new ProcessBuilder("python3", proxy.toString(), Integer.toString(port),
                System.getenv("MITOGEN_TESTBED_HOST") + ":" + System.getenv("MITOGEN_TESTBED_PORT"),
                Integer.toString(RTT_MS)).start();
        Path knownHosts = Files.createTempFile("mitogen-slow-known-hosts", "");
        try {
            // Its first line says it listens.
            String said = new BufferedReader(new InputStreamReader(proxied.getErrorStream(), StandardCharsets.UTF_8))
                    .readLine();
            System.out.println("# " + said);
            // The same host key, under the proxy's port: the host key is still checked.
            List<String> keys = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(System.getenv("MITOGEN_TESTBED_KNOWN_HOSTS")))) {
                keys.add(line.replace("]:" + System.getenv("MITOGEN_TESTBED_PORT") + " ", "]:" + port + " "));
            }
            Files.write(knownHosts, keys);
            SshOptions.Builder options = SshOptions.builder("127.0.0.1").port(port)
                    .username(System.getenv("MITOGEN_TESTBED_KEY_USER"))
                    .identityFile(Path.of(System.getenv("MITOGEN_TESTBED_KEY"))).knownHosts(knownHosts)
                    .sshConfig(false).compression(false).connectTimeout(java.time.Duration.ofSeconds(120));
            measure(options);
        }
        finally {
            proxied.destroy();
            Files.deleteIfExists(knownHosts);
        }
    }

    private void measure(SshOptions.Builder options) {
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            int runs = this.quick ? 3 : 5;
            long[] create = new long[runs];
            long[] firstCall = new long[runs];
            long[] call = new long[runs];
            long[] shutdown = new long[runs];
            long[] counted = new long[runs];
            // The first connect also warms this side (the ssh client, the bundle): not counted.
            router.ssh(options.build()).shutdown();
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                Context child = router.ssh(options.build());
                long t1 = System.nanoTime();
                child.call(BenchTasks::useLibrary, "a first call");
                long t2 = System.nanoTime();
                child.call(BenchTasks::noop);
                long t3 = System.nanoTime();
                counted[i] = router.classLoadingStats(child).roundTrips();
                child.shutdown();
                long t4 = System.nanoTime();
                create[i] = t1 - t0;
                firstCall[i] = t2 - t1;
                call[i] = t3 - t2;
                shutdown[i] = t4 - t3;
                System.out.println("# run " + (i + 1) + ": create " + ms(create[i]) + ", first call " + ms(firstCall[i])
                        + " (" + counted[i] + " class-loading round trips), call " + ms(call[i]) + ", shutdown "
                        + ms(shutdown[i]) + " ms");
            }
            print("slow_ssh_create_rtts", rtts(create));
            print("slow_first_call_rtts", rtts(firstCall));
            print("slow_call_rtts", rtts(call));
            print("slow_shutdown_rtts", rtts(shutdown));
            System.out.println("slow_first_call_class_loading_round_trips " + median(counted) + " count");
        }
    }

    private static Path proxyScript() {
        String set = System.getenv("MITOGEN_LATENCY_PROXY");
        if (set != null) {
            return Path.of(set);
        }
        Path relative = Path.of("../shared/testbed/latency-proxy.py");
        return Files.isRegularFile(relative) ? relative : Path.of("/work/shared/testbed/latency-proxy.py");
    }

    private static double rtts(long[] nanos) {
        return median(nanos) / 1e6 / RTT_MS;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return (sorted.length % 2 == 1) ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private static void print(String name, double value) {
        System.out.println(name + " " + String.format("%.2f", value) + " rtts");
    }
}
