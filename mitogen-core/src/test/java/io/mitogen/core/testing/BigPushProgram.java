package io.mitogen.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import io.mitogen.core.Broker;
import io.mitogen.core.Context;
import io.mitogen.core.LocalOptions;
import io.mitogen.core.Router;
import io.mitogen.core.TransferResult;

/**
 * A master of its own, run by {@code LargeFileTransferTests} as a separate JVM with a bounded
 * heap: {@code BigPushProgram <dir> <bytes> <child jvm flags...>} makes a sparse file of that
 * size in {@code dir} (zeros, with a random MiB every 512 MiB and at the end, so that a lost or
 * reordered chunk changes the digest), starts an intermediate and a target through it with the
 * given flags, pushes the file to the target while calling it every ~2 ms, and prints
 * {@code key value...} lines: {@code HEAP <jvm> <max MiB> <peak used MiB>} for each of the three
 * JVMs, {@code SHA <source, computed here> <the transfer's> <the copy's, computed at the target>},
 * {@code BYTES}, {@code RATE}, {@code RTT}, then {@code OK}. The copy is deleted before it exits.
 */
public final class BigPushProgram {

    private BigPushProgram() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        List<String> flags = new ArrayList<>(List.of(args).subList(2, args.length));
        Path source = dir.resolve("big.img");
        makeSparse(source, size);
        Path copy = dir.resolve("copy/big.img");
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            Context intermediate = router.local(LocalOptions.builder().jvmArgs(flags).build());
            Context target = router.local(LocalOptions.builder().via(intermediate).jvmArgs(flags).build());
            AtomicBoolean pushing = new AtomicBoolean(true);
            List<Long> trips = Collections.synchronizedList(new ArrayList<>());
            Thread caller = new Thread(() -> {
                while (pushing.get()) {
                    long t0 = System.nanoTime();
                    target.call(Tasks::add, 1, 2);
                    trips.add(System.nanoTime() - t0);
                    // Paced (not synchronisation): a call every ~2 ms, as other traffic would be.
                    LockSupport.parkNanos(2_000_000);
                }
            });
            caller.start();
            TransferResult result;
            try {
                result = router.files().push(source, target, copy.toString());
            }
            finally {
                pushing.set(false);
                caller.join();
            }
            try {
                String copySha = target.call(BigPushProgram::sha256, copy.toString());
                System.out.println("SHA " + sha256(source.toString()) + " " + result.sha256() + " " + copySha);
                System.out.println("BYTES " + result.bytes() + " " + target.call(BigPushProgram::sizeOf, copy.toString()));
                System.out.printf("RATE %.0f%n", result.mebibytesPerSecond());
                List<Long> sorted = new ArrayList<>(trips);
                Collections.sort(sorted);
                System.out.printf("RTT %d %.2f %.2f %.2f%n", sorted.size(), sorted.get(sorted.size() / 2) / 1e6,
                        sorted.get(sorted.size() * 99 / 100) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
                System.out.println("HEAP master " + heap());
                System.out.println("HEAP intermediate " + intermediate.call(BigPushProgram::heap));
                System.out.println("HEAP target " + target.call(BigPushProgram::heap));
            }
            finally {
                target.call(BigPushProgram::delete, copy.toString());
                Files.deleteIfExists(source);
            }
        }
        System.out.println("OK");
    }

    private static void makeSparse(Path path, long size) throws IOException {
        Random random = new Random(13);
        byte[] block = new byte[1024 * 1024];
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(size);
            for (long at = 0; at + block.length <= size; at += 512L * 1024 * 1024) {
                random.nextBytes(block);
                file.seek(at);
                file.write(block);
            }
            file.seek(size - 5);
            file.write("end!\n".getBytes());
        }
    }

    /** Run where the file is: its SHA-256, read in 1 MiB reads. */
    public static String sha256(String path) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1024 * 1024];
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : digest.digest()) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    /** Run where the file is: its size. */
    public static long sizeOf(String path) throws IOException {
        return Files.size(Path.of(path));
    }

    /** Run where the file is: removes it. */
    public static boolean delete(String path) throws IOException {
        return Files.deleteIfExists(Path.of(path));
    }

    /** This JVM's maximum heap and the peak its heap pools reached, in MiB: {@code "<max> <peak>"}. */
    public static String heap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return Runtime.getRuntime().maxMemory() / (1024 * 1024) + " " + peak / (1024 * 1024);
    }
}
