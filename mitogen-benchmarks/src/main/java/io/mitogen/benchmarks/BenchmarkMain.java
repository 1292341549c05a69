package io.mitogen.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.mitogen.core.Broker;
import io.mitogen.core.Channel;
import io.mitogen.core.Context;
import io.mitogen.core.LocalOptions;
import io.mitogen.core.Receiver;
import io.mitogen.core.Router;
import io.mitogen.core.Sender;
import io.mitogen.core.SshOptions;
import io.mitogen.core.internal.bootstrap.CoreBundle;
import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.transport.BootCommand;
import io.mitogen.test.SshTestServer;

/**
 * Prints one {@code name value unit} line per figure, named as in the project's BENCHMARKS.md,
 * with the machine load at start and end. {@code --quick} runs fewer iterations (under a
 * minute). Figures that need a transport or feature not built yet say so on a {@code #} line.
 * {@code --slow}, {@code --fleet} and {@code --methods} ({@link MethodFigures}: create, first call
 * and shutdown through local, sudo, su and podman) each print one group of figures instead.
 */
public final class BenchmarkMain {

    private final boolean quick;

    /** {@code --files}: only the file transfer figures (and the ssh ones). */
    private boolean filesOnly;

    /**
     * {@code --only startup|steady|ssh}: one group of figures, for before/after runs of one change
     * (the whole run takes minutes on a shared machine).
     */
    private String only;

    private BenchmarkMain(boolean quick) {
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--jmh")) {
            // Micro-benchmarks of the hot pieces; the rest of the arguments go to JMH.
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        boolean quick = Arrays.asList(args).contains("--quick");
        System.out.println("# mitogen-java benchmarks" + (quick ? " (--quick)" : "") + ", Java "
                + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " cpus");
        System.out.println("# loadavg at start: " + loadavg());
        if (Arrays.asList(args).contains("--slow")) {
            new SlowLinkFigures(quick).run();
            System.out.println("# loadavg at end: " + loadavg());
            return;
        }
        if (Arrays.asList(args).contains("--fleet")) {
            new FleetFigures(quick).run();
            System.out.println("# loadavg at end: " + loadavg());
            return;
        }
        if (Arrays.asList(args).contains("--methods")) {
            new MethodFigures(quick).run();
            System.out.println("# loadavg at end: " + loadavg());
            return;
        }
        BenchmarkMain main = new BenchmarkMain(quick);
        main.filesOnly = Arrays.asList(args).contains("--files");
        int onlyAt = Arrays.asList(args).indexOf("--only");
        main.only = (onlyAt >= 0 && onlyAt + 1 < args.length) ? args[onlyAt + 1] : null;
        main.run();
        System.out.println("# loadavg at end: " + loadavg());
    }

    private void run() throws Exception {
        String command = BootCommand.build(System.getProperty("java.home") + "/bin/java", List.of(), "mitogen:user@host:12345");
        print("boot_command_line_bytes", command.length(), "bytes");
        print("boot_core_bundle_bytes", CoreBundle.get().size(), "bytes");
        if (this.only != null) {
            try (Broker broker = new Broker()) {
                Router router = new Router(broker);
                if (this.only.equals("startup")) {
                    startup(router);
                }
                else if (this.only.equals("steady")) {
                    steadyState(router);
                }
            }
            if (this.only.equals("ssh")) {
                ssh();
            }
            return;
        }
        if (this.filesOnly) {
            try (Broker broker = new Broker()) {
                files(new Router(broker));
            }
            ssh();
            return;
        }
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            files(router);
            startup(router);
            steadyState(router);
            forwarding(router);
            parallel(router);
            FakeSshBenchmark.run(router, this.quick);
        }
        ssh();
    }

    private void startup(Router router) throws Exception {
        int runs = this.quick ? 7 : 21;
        router.local().shutdown(); // warm the parent: bundle built, classes loaded
        long[] create = new long[runs];
        long[] firstCall = new long[runs];
        long[] all = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Context child = router.local();
            long created = System.nanoTime();
            child.call(BenchTasks::pid);
            long called = System.nanoTime();
            child.shutdown();
            long stopped = System.nanoTime();
            create[i] = created - start;
            firstCall[i] = called - created;
            all[i] = stopped - start;
        }
        print("local_create_ms_median", median(create) / 1e6, "ms");
        print("local_first_call_ms_median", median(firstCall) / 1e6, "ms");
        print("local_create_call_shutdown_ms_median", median(all) / 1e6, "ms");
        JvmFloor.run(this.quick);

        // A fresh child's first call of a task that uses a library of 50+ classes it does not have.
        long[] trips = new long[this.quick ? 3 : 7];
        for (int i = 0; i < trips.length; i++) {
            Context child = router.local();
            child.call(BenchTasks::useLibrary, "a first call");
            trips[i] = router.classLoadingStats(child).roundTrips();
            child.shutdown();
        }
        print("first_call_round_trips", median(trips), "count");
    }

    /** Children as programs: a child starting its own child, and values from child to child. */
    private void recursion(Router router) {
        Context parent = router.local();
        parent.call(BenchTasks::spawnGrandchild);
        long[] spawn = new long[this.quick ? 5 : 11];
        for (int i = 0; i < spawn.length; i++) {
            spawn[i] = parent.call(BenchTasks::spawnGrandchild);
        }
        print("child_spawns_grandchild_ms_median", median(spawn) / 1e6, "ms");

        // a and b are children of one intermediate: their values never reach this master.
        Context a = parent.call(BenchTasks::startChild);
        Context b = parent.call(BenchTasks::startChild);
        Sender<Integer> inbox = b.call(BenchTasks::openInbox);
        int values = this.quick ? 100_000 : 500_000;
        siblingValues(a, b, inbox, values / 4);
        long start = System.nanoTime();
        siblingValues(a, b, inbox, values);
        print("sibling_channel_values_per_s", values / ((System.nanoTime() - start) / 1e9), "values/s");
        b.run(BenchTasks::closeInbox);
        parent.shutdown();
    }

    private static void siblingValues(Context a, Context b, Sender<Integer> inbox, int count) {
        Receiver<Integer> taken = b.callAsync(BenchTasks::takeFromInbox, count);
        a.call(BenchTasks::send, inbox, count);
        taken.get();
    }

    private void steadyState(Router router) throws Exception {
        Context child = router.local();
        Context grandchild = router.local(LocalOptions.builder().via(child).build());
        int calls = this.quick ? 5_000 : 20_000;
        print("local_rtt_us_median", rttMedian(child, calls) / 1e3, "us");
        print("local_via_local_rtt_us_median", rttMedian(grandchild, calls) / 1e3, "us");

        int pipelined = this.quick ? 100_000 : 400_000;
        pipelined(child, pipelined / 4);
        long start = System.nanoTime();
        pipelined(child, pipelined);
        print("local_pipelined_calls_per_s", pipelined / ((System.nanoTime() - start) / 1e9), "calls/s");

        int size = 32 * 1024 * 1024;
        byte[] data = new byte[size];
        int rounds = this.quick ? 5 : 15;
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

        // Not a BENCHMARKS.md figure: values a child sends on a channel while its call runs.
        int values = this.quick ? 200_000 : 1_000_000;
        channel(router, child, values / 4);
        long channelStart = System.nanoTime();
        channel(router, child, values);
        print("local_channel_values_per_s", values / ((System.nanoTime() - channelStart) / 1e9), "values/s");

        recursion(router);

        Context idle = router.local();
        idle.call(BenchTasks::noop);
        Thread.sleep(2_000); // "idle": let the child settle before reading its RSS
        print("child_idle_rss_mb", idle.call(BenchTasks::rssKb) / 1024.0, "MB");
        idle.shutdown();

        // A busy child: 200,000 small calls (pipelined), then its resident size (issue 15's figure).
        Context busy = router.local();
        for (int i = 0; i < 200_000; i += 10_000) {
            pipelined(busy, 10_000);
        }
        print("child_busy_rss_mb", busy.call(BenchTasks::rssKb) / 1024.0, "MB");
        busy.shutdown();
        grandchild.shutdown();
        child.shutdown();
    }

    /**
     * The ssh figures: against the OpenSSH testbed when {@code MITOGEN_TESTBED_HOST} is set
     * (source the testbed's env.sh), else against an in-process Apache MINA SSHD server.
     */
    private void ssh() throws Exception {
        String testbed = System.getenv("MITOGEN_TESTBED_HOST");
        SshTestServer local = null;
        SshOptions.Builder options;
        if (testbed != null) {
            System.out.println("# ssh figures against OpenSSH at " + testbed + ":" + System.getenv("MITOGEN_TESTBED_PORT"));
            options = SshOptions.builder(testbed).port(Integer.parseInt(System.getenv("MITOGEN_TESTBED_PORT")))
                .username(System.getenv("MITOGEN_TESTBED_KEY_USER"))
                .identityFile(Path.of(System.getenv("MITOGEN_TESTBED_KEY")))
                .knownHosts(Path.of(System.getenv("MITOGEN_TESTBED_KNOWN_HOSTS")));
        }
        else {
            local = SshTestServer.start();
            System.out.println("# ssh figures against an in-process Apache MINA SSHD server (set MITOGEN_TESTBED_HOST"
                    + " for OpenSSH)");
            options = SshOptions.builder("127.0.0.1").port(local.port()).username(System.getProperty("user.name"))
                .identityFile(local.clientKey()).knownHosts(local.knownHosts());
        }
        options.sshConfig(false).compression(false);
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            router.ssh(options.build()).shutdown(); // warm the client
            int runs = this.quick ? 5 : 11;
            long[] create = new long[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                Context child = router.ssh(options.build());
                create[i] = System.nanoTime() - start;
                child.shutdown();
            }
            print("ssh_create_ms_median", median(create) / 1e6, "ms");
            Context child = router.ssh(options.build());
            print("ssh_rtt_us_median", rttMedian(child, this.quick ? 2_000 : 10_000) / 1e3, "us");
            int size = 32 * 1024 * 1024;
            byte[] data = new byte[size];
            child.call(BenchTasks::sink, data);
            long[] up = new long[this.quick ? 3 : 7];
            long[] down = new long[up.length];
            for (int i = 0; i < up.length; i++) {
                long t0 = System.nanoTime();
                child.call(BenchTasks::sink, data);
                long t1 = System.nanoTime();
                child.call(BenchTasks::source, size);
                up[i] = t1 - t0;
                down[i] = System.nanoTime() - t1;
            }
            print("ssh_nocomp_bulk_parent_to_child_MiB_per_s", 32 / (median(up) / 1e9), "MiB/s");
            print("ssh_nocomp_bulk_child_to_parent_MiB_per_s", 32 / (median(down) / 1e9), "MiB/s");
            Path file = benchFile(256);
            try {
                router.files().push(file, child, file + ".ssh-copy");
                long[] push = new long[this.quick ? 2 : 5];
                for (int i = 0; i < push.length; i++) {
                    push[i] = router.files().push(file, child, file + ".ssh-copy").elapsed().toNanos();
                }
                print("file_push_ssh_MiB_per_s", 256 / (median(push) / 1e9), "MiB/s");
            }
            finally {
                java.nio.file.Files.deleteIfExists(Path.of(file + ".ssh-copy"));
                java.nio.file.Files.deleteIfExists(file);
            }
            child.shutdown();
        }
        finally {
            if (local != null) {
                local.close();
            }
        }
    }

    /**
     * Records and lines forwarded per second, counted as they reach the parent's sink (a
     * counting sink, so a logging backend's formatting is not what is measured).
     */
    private void forwarding(Router router) throws Exception {
        CountingSink sink = new CountingSink(Log.sink());
        Log.setSink(sink);
        try {
            Context child = router.local();
            router.refreshLogLevels();
            int records = this.quick ? 100_000 : 500_000;
            child.call(BenchTasks::logRecords, 10_000);
            long start = System.nanoTime();
            child.call(BenchTasks::logRecords, records);
            sink.await("bench.records", 10_000 + records);
            print("log_forward_records_per_s", records / ((System.nanoTime() - start) / 1e9), "records/s");
            int lines = this.quick ? 100_000 : 500_000;
            child.call(BenchTasks::printLines, 10_000);
            sink.await("stdout", 10_000);
            start = System.nanoTime();
            child.call(BenchTasks::printLines, lines);
            sink.await("stdout", 10_000 + lines);
            print("stdout_forward_lines_per_s", lines / ((System.nanoTime() - start) / 1e9), "lines/s");
            child.shutdown();
        }
        finally {
            Log.setSink(sink.delegate);
        }
    }

    /** Counts forwarded records per original logger; keeps them at INFO so children send them. */
    private static final class CountingSink implements Log.Sink {

        final Log.Sink delegate;

        private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> counts =
                new java.util.concurrent.ConcurrentHashMap<>();

        CountingSink(Log.Sink delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean isEnabled(int level, String name) {
            return name.startsWith("mitogen.ctx.") ? level <= Log.INFO : this.delegate.isEnabled(level, name);
        }

        @Override
        public void log(int level, String name, String message, Throwable thrown) {
            this.delegate.log(level, name, message, thrown);
        }

        @Override
        public void forward(String context, String logger, int level, String message, String thread, Throwable thrown) {
            this.counts.computeIfAbsent(logger, (k) -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        }

        void await(String logger, long count) throws InterruptedException {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (this.counts.getOrDefault(logger, new java.util.concurrent.atomic.AtomicLong()).get() < count
                    && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }
    }

    private void parallel(Router router) throws Exception {
        int runs = this.quick ? 3 : 7;
        long[] connect = new long[runs];
        long[] shutdown = new long[runs];
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (int r = 0; r < runs; r++) {
                long start = System.nanoTime();
                List<Future<Context>> started = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    started.add(pool.submit(() -> {
                        Context child = router.local();
                        child.call(BenchTasks::noop);
                        return child;
                    }));
                }
                List<Context> children = new ArrayList<>();
                for (Future<Context> f : started) {
                    children.add(f.get());
                }
                connect[r] = System.nanoTime() - start;
                // As upstream's figure does: every child asked first, then all waited for.
                long stopStart = System.nanoTime();
                router.shutdown(children);
                shutdown[r] = System.nanoTime() - stopStart;
            }
        }
        finally {
            pool.shutdownNow();
        }
        print("parallel20_connect_and_call_all_ms_median", median(connect) / 1e6, "ms");
        print("parallel20_shutdown_all_ms_median", median(shutdown) / 1e6, "ms");
    }

    private static double rttMedian(Context child, int calls) {
        for (int i = 0; i < calls / 2; i++) {
            child.call(BenchTasks::noop);
        }
        long[] rtt = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            child.call(BenchTasks::noop);
            rtt[i] = System.nanoTime() - t0;
        }
        return median(rtt);
    }

    /** Keeps a window of calls in flight, as a fan-out would. */
    private static void pipelined(Context child, int calls) {
        int window = 4096;
        ArrayDeque<Receiver<Integer>> inFlight = new ArrayDeque<>(window);
        for (int i = 0; i < calls; i++) {
            if (inFlight.size() == window) {
                inFlight.removeFirst().get(Duration.ofSeconds(60));
            }
            inFlight.addLast(child.callAsync(BenchTasks::noop));
        }
        while (!inFlight.isEmpty()) {
            inFlight.removeFirst().get(Duration.ofSeconds(60));
        }
    }

    private static void channel(Router router, Context child, int values) {
        try (Channel<Integer> channel = router.channel(Integer.class)) {
            Receiver<Integer> sent = child.callAsync(BenchTasks::send, channel.sender(), values);
            int received = 0;
            for (Integer value : channel) {
                received += (value != null) ? 1 : 0;
            }
            if (received != values || sent.get() != values) {
                throw new IllegalStateException("the channel carried " + received + " of " + values + " values");
            }
        }
    }

    /** File transfer: one file to a local child, and to ten children behind one intermediate. */
    private void files(Router router) throws Exception {
        int mib = 256;
        Path file = benchFile(mib);
        Path copy = Path.of(file + ".copy");
        Context child = router.local();
        try {
            router.files().push(file, child, copy.toString());
            long[] push = new long[this.quick ? 3 : 7];
            for (int i = 0; i < push.length; i++) {
                push[i] = router.files().push(file, child, copy.toString()).elapsed().toNanos();
            }
            print("file_push_local_MiB_per_s", mib / (median(push) / 1e9), "MiB/s");
            // Not a BENCHMARKS.md figure: the same with a child that may use C2 (-XX:TieredStopAtLevel=4
            // after the default =1): SHA-256 has a JIT intrinsic only in C2, ~10x faster than in C1.
            Context fullJit = router.local(LocalOptions.builder().jvmArgs(List.of("-XX:TieredStopAtLevel=4")).build());
            router.files().push(file, fullJit, copy.toString());
            router.files().push(file, fullJit, copy.toString());
            for (int i = 0; i < push.length; i++) {
                push[i] = router.files().push(file, fullJit, copy.toString()).elapsed().toNanos();
            }
            print("file_push_local_c2_child_MiB_per_s", mib / (median(push) / 1e9), "MiB/s");
            fullJit.shutdown();
            Context intermediate = router.local();
            List<Context> fleet = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fleet.add(router.local(io.mitogen.core.LocalOptions.builder().via(intermediate).build()));
            }
            String fanned = file + ".fan";
            router.files().push(file, fleet, fanned);
            long upperBefore = router.bytesSent();
            long start = System.nanoTime();
            router.files().push(file, fleet, fanned);
            long elapsed = System.nanoTime() - start;
            long upper = router.bytesSent() - upperBefore;
            print("file_fanout10_MiB_per_s", mib / (elapsed / 1e9), "MiB/s");
            print("file_fanout10_upper_link_bytes_per_file_byte", upper / (double) (mib * 1048576L), "ratio");
            java.nio.file.Files.deleteIfExists(Path.of(fanned));
            for (Context c : fleet) {
                c.shutdown();
            }
            intermediate.shutdown();
        }
        finally {
            child.shutdown();
            java.nio.file.Files.deleteIfExists(copy);
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /** A file of random bytes (not sparse: a sparse file's zeros cost nothing to read). */
    private static Path benchFile(int mib) throws java.io.IOException {
        Path file = java.nio.file.Files.createTempFile("mitogen-bench-", ".bin");
        byte[] block = new byte[1024 * 1024];
        java.util.Random random = new java.util.Random(1);
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        return file;
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

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        }
        catch (Exception ex) {
            return "unknown";
        }
    }
}
