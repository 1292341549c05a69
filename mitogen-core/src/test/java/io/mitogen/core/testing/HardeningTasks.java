package io.mitogen.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.mitogen.core.Sender;

/** What the hardening tests (floods, limits, footprint) run in children. Public API only. */
public final class HardeningTasks {

    /** 100 characters: one value of the channel floods. */
    public static final String LINE = "x".repeat(99) + "\n";

    private HardeningTasks() {
    }

    /**
     * Sends {@link #LINE} on {@code out} for {@code millis}, as fast as the sender lets it, then
     * returns how many values it sent. With flow control the last send may wait for the owner.
     */
    public static long flood(Sender<String> out, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long sent = 0;
        while (System.nanoTime() < deadline && out.isOpen()) {
            out.send(LINE);
            sent++;
        }
        return sent;
    }

    /** {@link #flood} on every sender at once, one thread each; returns the total sent. */
    public static long floodAll(List<Sender<String>> outs, long millis) throws InterruptedException {
        AtomicLong total = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (Sender<String> out : outs) {
            Thread thread = new Thread(() -> total.addAndGet(flood(out, millis)), "flood");
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return total.get();
    }

    /** A result of {@code size} bytes. */
    public static byte[] bytes(int size) {
        return new byte[size];
    }

    /** The length of what arrived. */
    public static int length(byte[] data) {
        return data.length;
    }

    /** Tries to send a value of {@code size} bytes, then a small one; says what happened. */
    public static String sendTooLarge(Sender<byte[]> out, int size) {
        String refused;
        try {
            out.send(new byte[size]);
            refused = "sent";
        }
        catch (io.mitogen.core.MessageTooLargeException ex) {
            refused = ex.getMessage();
        }
        out.send(new byte[3]);
        return refused;
    }

    /** Logs one record whose message is {@code size} characters, with an exception as long, then returns. */
    public static String logHuge(int size) {
        String text = "y".repeat(size);
        System.getLogger("hardening").log(System.Logger.Level.WARNING, text, new IllegalStateException(text));
        return "logged";
    }

    /** The child's resident set size in kB, from /proc. */
    public static long rssKb() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
