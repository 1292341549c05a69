package io.mitogen.core.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.mitogen.core.FileTransfer;
import io.mitogen.core.FileTransferException;
import io.mitogen.core.TransferResult;

/** Child-side code for the file transfer tests: fetches from the master, as application code would. */
public final class FileTasks {

    private FileTasks() {
    }

    /** Fetches {@code path} to {@code target}: {@code ok <sha>}, or the failure's type and message. */
    public static String fetch(String path, String target) {
        try {
            TransferResult result = FileTransfer.fetch(path, Path.of(target));
            return "ok " + result.sha256() + " " + result.bytes();
        }
        catch (FileTransferException ex) {
            return ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
    }

    /** A hostile child: {@code count} refused fetches from {@code threads} threads at once; how many were refused. */
    public static int flood(String path, int threads, int count) throws InterruptedException {
        AtomicInteger refused = new AtomicInteger();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < count / threads; i++) {
                    try {
                        FileTransfer.fetch(path, Path.of("/tmp/never-written-" + i));
                    }
                    catch (FileTransferException ex) {
                        refused.incrementAndGet();
                    }
                }
            });
            thread.start();
            running.add(thread);
        }
        for (Thread thread : running) {
            thread.join();
        }
        return refused.get();
    }

    /** The maximum heap of this JVM, in MiB. */
    public static long maxHeapMib() {
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }
}
