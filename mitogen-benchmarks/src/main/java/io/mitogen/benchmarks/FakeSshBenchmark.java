package io.mitogen.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import io.mitogen.core.Context;
import io.mitogen.core.FakeSsh;
import io.mitogen.core.Router;

/**
 * {@code fakessh_rsync_MiB_per_s}: rsync of a 256 MiB tree (64 MiB with --quick) through
 * FakeSsh to a local child; {@code real_ssh_rsync_MiB_per_s}: the same push with
 * {@code rsync -e ssh} to the testbed's OpenSSH on loopback (only when the testbed is up). The
 * two alternate, {@link #PAIRS} times, and each figure is its median: on a shared machine one
 * run of each is mostly noise. The first fake run is also a fresh child's first session.
 * {@code fakessh_session_ms} and {@code real_ssh_session_ms}: the median wall time of
 * {@code ssh HOST true} either way, the fixed cost of each invocation (the fake ssh's own JVM;
 * real ssh's key exchange and authentication).
 */
public final class FakeSshBenchmark {

    /** Alternating runs of each kind. */
    static final int PAIRS = 3;

    private FakeSshBenchmark() {
    }

    static void run(Router router, boolean quick) throws Exception {
        if (new ProcessBuilder("sh", "-c", "command -v rsync").start().waitFor() != 0) {
            System.out.println("# fakessh figures skipped: rsync is not installed");
            return;
        }
        int mib = quick ? 64 : 256;
        Path src = Files.createTempDirectory("fakessh-bench-src-");
        Path dst = Files.createTempDirectory("fakessh-bench-dst-");
        String host = System.getenv("MITOGEN_TESTBED_HOST");
        String ssh = (host == null) ? null : "ssh -p " + System.getenv("MITOGEN_TESTBED_PORT") + " -i "
                + System.getenv("MITOGEN_TESTBED_KEY") + " -o UserKnownHostsFile=" + System.getenv("MITOGEN_TESTBED_KNOWN_HOSTS")
                + " -o BatchMode=yes";
        String login = System.getenv("MITOGEN_TESTBED_KEY_USER") + "@" + host;
        Path remote = null;
        try {
            Random random = new Random(1);
            byte[] chunk = new byte[1 << 20];
            for (int f = 0; f < mib / 16; f++) {
                try (OutputStream out = Files.newOutputStream(src.resolve("f" + f))) {
                    for (int i = 0; i < 16; i++) {
                        random.nextBytes(chunk);
                        out.write(chunk);
                    }
                }
            }
            if (ssh != null) {
                remote = Files.createTempDirectory(Path.of("/tmp"), "fakessh-bench-real-");
                Files.setPosixFilePermissions(remote, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            // -Dbench.jvmArgs="-XX:..." for the destination child, e.g. to compare JIT settings.
            String flags = System.getProperty("bench.jvmArgs", "").trim();
            Context child = router.local(io.mitogen.core.LocalOptions.builder()
                    .jvmArgs(flags.isEmpty() ? List.of() : List.of(flags.split(" +"))).build());
            List<Double> fake = new ArrayList<>();
            List<Double> real = new ArrayList<>();
            for (int pair = 0; pair < PAIRS; pair++) {
                Path fakeDst = dst.resolve("fake" + pair);
                long start = System.nanoTime();
                int status = FakeSsh.run(child, List.of("rsync", "-a", "--whole-file", src + "/", "h:" + fakeDst + "/"));
                if (status == 0) {
                    fake.add(mib / ((System.nanoTime() - start) / 1e9));
                }
                delete(fakeDst);
                if (ssh != null) {
                    Path realDst = remote.resolve("real" + pair);
                    start = System.nanoTime();
                    if (shell("rsync -a --whole-file -e '" + ssh + "' " + src + "/ " + login + ":" + realDst + "/") == 0) {
                        real.add(mib / ((System.nanoTime() - start) / 1e9));
                    }
                    delete(realDst);
                }
            }
            List<Double> fakeSession = new ArrayList<>();
            List<Double> realSession = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                if (FakeSsh.run(child, List.of("sh", "-c", "ssh h true")) == 0) {
                    fakeSession.add((System.nanoTime() - start) / 1e6);
                }
                if (ssh != null) {
                    start = System.nanoTime();
                    if (shell(ssh + " " + login + " true") == 0) {
                        realSession.add((System.nanoTime() - start) / 1e6);
                    }
                }
            }
            child.shutdown();
            System.out.println("# fakessh rsync runs (MiB/s): fake " + rounded(fake) + ", real " + rounded(real));
            printMedian("fakessh_rsync_MiB_per_s", fake, "MiB/s");
            printMedian("real_ssh_rsync_MiB_per_s", real, "MiB/s");
            printMedian("fakessh_session_ms", fakeSession, "ms");
            printMedian("real_ssh_session_ms", realSession, "ms");
        }
        finally {
            delete(src);
            delete(dst);
            if (remote != null) {
                delete(remote);
            }
        }
    }

    private static int shell(String command) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", command).inheritIO().start().waitFor();
    }

    private static List<Long> rounded(List<Double> values) {
        List<Long> out = new ArrayList<>();
        for (double value : values) {
            out.add(Math.round(value));
        }
        return out;
    }

    private static void printMedian(String name, List<Double> values, String unit) {
        if (!values.isEmpty()) {
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(null);
            print(name, sorted.get(sorted.size() / 2), unit);
        }
    }

    /** Runs only these figures: {@code [--quick]}. */
    public static void main(String[] args) throws Exception {
        System.out.println("# loadavg at start: " + Files.readString(Path.of("/proc/loadavg")).trim());
        try (io.mitogen.core.Broker broker = new io.mitogen.core.Broker()) {
            run(new Router(broker), java.util.Arrays.asList(args).contains("--quick"));
        }
        System.out.println("# loadavg at end: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
        }
    }

    private static void print(String name, double value, String unit) {
        System.out.println(name + " " + String.format("%.2f", value) + " " + unit);
    }
}
