package io.mitogen.benchmarks;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code --only wake}: what one thread wake-up costs on this machine, with no mitogen code in the
 * way, so that a round trip's time can be split into wake-ups times their price. Each figure is
 * a ping-pong's median round trip (two wake-ups), measured three ways: threads left where the
 * scheduler puts them, both on CPU 0, and one on CPU 0 and one on CPU 1 (taskset on the
 * threads' Linux ids).
 * <ul>
 * <li>{@code park}: two threads in this JVM, {@link LockSupport#park()} / {@code unpark};
 * <li>{@code queue}: the same through two {@link LinkedBlockingQueue}s, as a stream reader hands a
 * call to a child's main thread;
 * <li>{@code pipe}: one byte through {@code cat} and back, across two pipes, as between JVMs;
 * <li>{@code spin}: two threads that busy-wait on a volatile field (no wake-up at all), across
 * CPUs only: the floor of handing a cache line between the two vCPUs.
 * </ul>
 */
final class WakeFigures {

    private final int trips;

    WakeFigures(boolean quick) {
        this.trips = quick ? 20_000 : 100_000;
    }

    void run() throws Exception {
        for (String placement : new String[] {"free", "same", "cross"}) {
            System.out.println("# placement " + placement + ", loadavg " + BenchmarkMain.loadavg());
            BenchmarkMain.print("wake_park_rtt_us_median_" + placement, park(placement), "us");
            BenchmarkMain.print("wake_queue_rtt_us_median_" + placement, queue(placement), "us");
            BenchmarkMain.print("wake_pipe_rtt_us_median_" + placement, pipe(placement), "us");
            if (placement.equals("cross")) {
                BenchmarkMain.print("wake_spin_rtt_us_median_" + placement, spin(placement), "us");
            }
        }
    }

    private static volatile int turn;

    /** The thread that runs the ping side (started by {@link #runPair}). */
    private static volatile Thread pingThread;

    /** Numbers each pair's thread names, so that a pair's lookup never finds the last pair's threads. */
    private static int run;

    private double park(String placement) throws Exception {
        long[] rtt = new long[this.trips];
        Thread[] pair = new Thread[2];
        pair[1] = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                while (turn != 1) {
                    LockSupport.park();
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
                turn = 0;
                LockSupport.unpark(pingThread);
            }
        }, "wake-pong");
        pair[0] = new Thread(() -> {
            for (int i = -this.trips / 4; i < this.trips; i++) {
                long t0 = System.nanoTime();
                turn = 1;
                LockSupport.unpark(pair[1]);
                while (turn != 0) {
                    LockSupport.park();
                }
                if (i >= 0) {
                    rtt[i] = System.nanoTime() - t0;
                }
            }
        }, "wake-ping");
        runPair(pair, placement);
        return medianUs(rtt);
    }

    private double queue(String placement) throws Exception {
        long[] rtt = new long[this.trips];
        LinkedBlockingQueue<Integer> there = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Integer> back = new LinkedBlockingQueue<>();
        Thread[] pair = new Thread[2];
        pair[1] = new Thread(() -> {
            try {
                while (true) {
                    back.add(there.take());
                }
            }
            catch (InterruptedException ex) {
                // done
            }
        }, "wake-pong");
        pair[0] = new Thread(() -> {
            try {
                for (int i = -this.trips / 4; i < this.trips; i++) {
                    long t0 = System.nanoTime();
                    there.add(i);
                    back.take();
                    if (i >= 0) {
                        rtt[i] = System.nanoTime() - t0;
                    }
                }
            }
            catch (InterruptedException ex) {
                // done
            }
        }, "wake-ping");
        runPair(pair, placement);
        return medianUs(rtt);
    }

    private double spin(String placement) throws Exception {
        long[] rtt = new long[this.trips];
        Thread[] pair = new Thread[2];
        pair[1] = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (turn == 1) {
                    turn = 0;
                }
                Thread.onSpinWait();
            }
        }, "wake-pong");
        pair[0] = new Thread(() -> {
            for (int i = -this.trips / 4; i < this.trips; i++) {
                long t0 = System.nanoTime();
                turn = 1;
                while (turn != 0) {
                    Thread.onSpinWait();
                }
                if (i >= 0) {
                    rtt[i] = System.nanoTime() - t0;
                }
            }
        }, "wake-ping");
        runPair(pair, placement);
        return medianUs(rtt);
    }

    /** Starts both, pins them as {@code placement} says, lets ping finish, stops pong. */
    private static void runPair(Thread[] pair, String placement) throws Exception {
        turn = 0;
        run++;
        Thread ping = pair[0];
        Thread pong = pair[1];
        if (pong != null) {
            pong.setName("wake-pong-" + run);
            pong.setDaemon(true);
            pong.start();
        }
        // Ping starts parked until pinned, so that its whole run is where it is put.
        Object gate = new Object();
        boolean[] open = {false};
        Thread gated = new Thread(() -> {
            synchronized (gate) {
                while (!open[0]) {
                    try {
                        gate.wait();
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                }
            }
            ping.run();
        }, "wake-ping-" + run);
        pingThread = gated;
        gated.start();
        if (!placement.equals("free")) {
            ThreadStats.pinThread(tid("wake-ping-" + run), "0");
            if (pong != null) {
                ThreadStats.pinThread(tid("wake-pong-" + run), placement.equals("same") ? "0" : "1");
            }
        }
        synchronized (gate) {
            open[0] = true;
            gate.notifyAll();
        }
        gated.join();
        if (pong != null) {
            pong.interrupt();
            LockSupport.unpark(pong);
            pong.join(5_000);
        }
    }

    /** The Linux thread id of this JVM's one thread named {@code name}. */
    private static long tid(String name) throws Exception {
        // A thread names itself once it runs: until then it may show its creator's name.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : tasks) {
                    try {
                        if (Files.readString(task.resolve("comm")).trim().equals(name)) {
                            return Long.parseLong(task.getFileName().toString());
                        }
                    }
                    catch (java.io.IOException ex) {
                        // that thread ended while listed
                    }
                }
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("no thread named " + name + " in /proc/self/task");
    }

    private double pipe(String placement) throws Exception {
        Process cat = new ProcessBuilder("cat").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long[] rtt = new long[this.trips];
        try {
            Thread[] pair = new Thread[2];
            // No pong thread in this JVM: cat is the far end, pinned as the pong would be.
            pair[0] = new Thread(() -> {
                try {
                    OutputStream out = cat.getOutputStream();
                    InputStream in = cat.getInputStream();
                    for (int i = -this.trips / 4; i < this.trips; i++) {
                        long t0 = System.nanoTime();
                        out.write(1);
                        out.flush();
                        if (in.read() < 0) {
                            throw new IllegalStateException("cat ended");
                        }
                        if (i >= 0) {
                            rtt[i] = System.nanoTime() - t0;
                        }
                    }
                }
                catch (java.io.IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }, "wake-ping");
            if (!placement.equals("free")) {
                ThreadStats.pin(cat.pid(), placement.equals("same") ? "0" : "1");
            }
            runPair(pair, placement);
        }
        finally {
            cat.getOutputStream().close();
            cat.waitFor();
        }
        return medianUs(rtt);
    }

    private static double medianUs(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return Math.round(sorted[sorted.length / 2] / 100.0) / 10.0;
    }
}
