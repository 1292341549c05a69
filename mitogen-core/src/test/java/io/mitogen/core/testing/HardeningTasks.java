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

    /** Sends {@code value} on {@code out} for {@code millis}; returns how many it sent. */
    public static long flood(Sender<String> out, String value, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long sent = 0;
        while (System.nanoTime() < deadline && out.isOpen()) {
            out.send(value);
            sent++;
        }
        return sent;
    }

    /** Floods every sender at once with values of {@code size} characters, one thread each; returns the total sent. */
    public static long floodAll(List<Sender<String>> outs, int size, long millis) throws InterruptedException {
        String value = "z".repeat(size);
        AtomicLong total = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (Sender<String> out : outs) {
            Thread thread = new Thread(() -> total.addAndGet(flood(out, value, millis)), "flood");
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return total.get();
    }

    /**
     * Sends values of {@code size} characters, each with {@code timeoutMillis}, until one times
     * out; returns how many went before that, then the timeout's message, as "count: message".
     */
    public static String sendUntilFull(Sender<String> out, int size, long timeoutMillis) {
        String value = "w".repeat(size);
        int sent = 0;
        while (true) {
            try {
                out.send(value, java.time.Duration.ofMillis(timeoutMillis));
                sent++;
            }
            catch (io.mitogen.core.SendTimeoutException ex) {
                return sent + ": " + ex.getMessage();
            }
        }
    }

    /** Sends {@code count} values, waiting as long as it takes; returns {@code count}. */
    public static int sendCount(Sender<String> out, int count) {
        for (int i = 0; i < count; i++) {
            out.send(Integer.toString(i));
        }
        return count;
    }

    /** Logs INFO records (forwarded to the master) for {@code millis}; returns how many. */
    public static long floodLogs(long millis) {
        System.Logger log = System.getLogger("hardening.flood");
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long records = 0;
        while (System.nanoTime() < deadline) {
            log.log(System.Logger.Level.INFO, LINE);
            records++;
        }
        return records;
    }

    /** Prints lines to stdout (forwarded to the master) for {@code millis}; returns how many. */
    public static long floodStdout(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long lines = 0;
        while (System.nanoTime() < deadline) {
            System.out.print(LINE);
            lines++;
        }
        System.out.flush();
        return lines;
    }

    /**
     * A hostile sender: writes {@code frames} (values for {@code held}, made by the test) raw into
     * its channel to the parent, ignoring the window; then sends "after" on {@code other} and
     * holds both senders until the owner closes the channel.
     */
    public static String ignoreTheWindow(Sender<Object> held, Sender<Object> other, byte[] frames) throws Exception {
        Tasks.writeToChannel(frames);
        other.send("after");
        while (held.isOpen()) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return "closed by its owner";
    }

    /**
     * A hostile child: writes {@code frames} (made by the test) raw into its channel to the
     * parent, again and again, for {@code millis}; returns how many times it wrote them.
     */
    public static long floodFrames(byte[] frames, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long rounds = 0;
        java.io.FileDescriptor fd = new java.io.FileDescriptor();
        java.lang.reflect.Field field = java.io.FileDescriptor.class.getDeclaredField("fd");
        field.setAccessible(true);
        field.setInt(fd, 4);
        java.io.FileOutputStream out = new java.io.FileOutputStream(fd);
        while (System.nanoTime() < deadline) {
            out.write(frames);
            rounds++;
        }
        return rounds;
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

    /** The heap the JVM has committed, in MiB. */
    public static long heapCommittedMb() {
        return Runtime.getRuntime().totalMemory() >> 20;
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
