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
 * {@code rsync -e ssh} to the testbed's OpenSSH on loopback (only when the testbed is up).
 */
public final class FakeSshBenchmark {

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
            Context child = router.local();
            long start = System.nanoTime();
            int status = FakeSsh.run(child, List.of("rsync", "-a", "--whole-file", src + "/", "h:" + dst.resolve("fake") + "/"));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (status == 0) {
                print("fakessh_rsync_MiB_per_s", mib / seconds, "MiB/s");
            }
            child.shutdown();
            String host = System.getenv("MITOGEN_TESTBED_HOST");
            if (host != null) {
                String ssh = "ssh -p " + System.getenv("MITOGEN_TESTBED_PORT") + " -i " + System.getenv("MITOGEN_TESTBED_KEY")
                        + " -o UserKnownHostsFile=" + System.getenv("MITOGEN_TESTBED_KNOWN_HOSTS") + " -o BatchMode=yes";
                Path remote = Files.createTempDirectory(Path.of("/tmp"), "fakessh-bench-real-");
                Files.setPosixFilePermissions(remote, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
                List<String> command = new ArrayList<>(List.of("rsync", "-a", "--whole-file", "-e", ssh, src + "/",
                        System.getenv("MITOGEN_TESTBED_KEY_USER") + "@" + host + ":" + remote + "/real/"));
                start = System.nanoTime();
                Process real = new ProcessBuilder(command).inheritIO().start();
                if (real.waitFor() == 0) {
                    print("real_ssh_rsync_MiB_per_s", mib / ((System.nanoTime() - start) / 1e9), "MiB/s");
                }
                delete(remote);
            }
        }
        finally {
            delete(src);
            delete(dst);
        }
    }

    /** Runs only these two figures: {@code [--quick]}. */
    public static void main(String[] args) throws Exception {
        System.out.println("# loadavg at start: " + Files.readString(Path.of("/proc/loadavg")).trim());
        try (io.mitogen.core.Broker broker = new io.mitogen.core.Broker()) {
            run(new Router(broker), java.util.Arrays.asList(args).contains("--quick"));
        }
        System.out.println("# loadavg at end: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
        }
    }

    private static void print(String name, double value, String unit) {
        System.out.println(name + " " + String.format("%.2f", value) + " " + unit);
    }
}
