package io.mitogen.core;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.testing.FileTasks;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 4 GiB file through an intermediate, both children with {@code -Xmx128m}: constant memory at
 * both ends and between them, and calls keep flowing meanwhile (their round trips are printed).
 */
class LargeFileTransferTests {

    static final long SIZE = 4L * 1024 * 1024 * 1024;

    static Broker broker;

    static Router router;

    static Context intermediate;

    static Context target;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        broker = new Broker();
        router = new Router(broker);
        // C2 allowed (the default child stops at C1, where SHA-256 has no intrinsic and runs ~10x slower).
        intermediate = router.local(LocalOptions.builder().jvmArgs(List.of("-Xmx128m", "-XX:TieredStopAtLevel=4")).build());
        target = router.local(LocalOptions.builder().via(intermediate)
                .jvmArgs(List.of("-Xmx128m", "-XX:TieredStopAtLevel=4")).build());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void fourGibibytesMoveInConstantMemoryWhileCallsKeepFlowing() throws Exception {
        assertThat(intermediate.call(FileTasks::maxHeapMib)).isLessThanOrEqualTo(128);
        assertThat(target.call(FileTasks::maxHeapMib)).isLessThanOrEqualTo(128);
        // Sparse: 4 GiB of zeros that take no disk at the source.
        Path source = dir.resolve("big.img");
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            file.setLength(SIZE);
            file.seek(SIZE - 5);
            file.write("end!\n".getBytes());
        }
        Path copy = dir.resolve("copy/big.img");
        AtomicBoolean pushing = new AtomicBoolean(true);
        List<Long> trips = Collections.synchronizedList(new ArrayList<>());
        Thread caller = new Thread(() -> {
            while (pushing.get()) {
                long t0 = System.nanoTime();
                target.call(Tasks::add, 1, 2);
                trips.add(System.nanoTime() - t0);
                // Paced (not synchronisation): a call every ~2 ms, as other traffic would be.
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
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
            assertThat(result.bytes()).isEqualTo(SIZE);
            assertThat(Files.size(copy)).isEqualTo(SIZE);
            try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "r")) {
                file.seek(SIZE - 5);
                byte[] tail = new byte[5];
                file.readFully(tail);
                assertThat(new String(tail)).isEqualTo("end!\n");
            }
            assertThat(trips).isNotEmpty();
            List<Long> sorted = new ArrayList<>(trips);
            Collections.sort(sorted);
            System.out.printf("4 GiB push via an intermediate: %.0f MiB/s; %d calls meanwhile, round trip median %.2f ms,"
                    + " p99 %.2f ms, max %.2f ms; loadavg %s%n", result.mebibytesPerSecond(), sorted.size(),
                    sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() * 99 / 100) / 1e6,
                    sorted.get(sorted.size() - 1) / 1e6, Files.readString(Path.of("/proc/loadavg")).trim());
            // Both children are still well and answer.
            assertThat(intermediate.call(Tasks::add, 1, 1)).isEqualTo(2);
        }
        finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(source);
        }
    }
}
