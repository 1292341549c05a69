package io.mitogen.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.mitogen.core.Broker;
import io.mitogen.core.Context;
import io.mitogen.core.Router;
import io.mitogen.core.SshOptions;

/**
 * {@code --only sshbulk}: the two {@code ssh_nocomp_bulk_*} figures alone, each direction run
 * {@code --rounds N} times in a row, with the CPU every busy thread spent per GiB moved: the
 * master's (this JVM), the ssh child's, and, when the child runs on this machine (the testbed,
 * or the in-process server), the processes between them (OpenSSH's session process). Where the
 * time goes, thread by thread, is what says which side limits the figure.
 *
 * <p>{@code --kept}: the child answers with an array it keeps (no allocation per call), to take
 * the child's allocation and GC out. {@code --child-jvm-args "ARGS"}: extra JVM flags for the
 * child, space-separated. {@code --direction parent_to_child|child_to_parent}: one direction only.
 * {@code --warmup N}: calls each way before measuring (default 10: the master's C2 must be done).
 * {@code --jfr DIR}: a JFR recording ("profile" settings) of the master and of the child during
 * each measured direction, {@code DIR/master-<direction>.jfr} and {@code DIR/child-<direction>.jfr}
 * (DIR must be writable by the ssh user: the child writes its own). {@code --perf DIR}: Linux
 * {@code perf record -e cpu-clock -g} of the master, the child and the processes between them
 * during each measured direction, {@code DIR/perf-<direction>.data}, and both JVMs' JIT maps
 * ({@code /tmp/perf-<pid>.map}) at the end; run both JVMs with {@code -XX:+PreserveFramePointer}
 * for whole stacks, and {@code perf report -f} (the child's map belongs to the ssh user).
 * {@code --pin 'master=0;child=1;between=1'}: pins those processes' threads (taskset) once connected.
 */
final class SshBulkFigures {

    /** Bytes per call: 32 MiB as in BENCHMARKS.md; {@code -Dbench.bulkMiB=N} to see what a call's own cost is. */
    private static final int SIZE = Integer.getInteger("bench.bulkMiB", 32) * 1024 * 1024;

    private final int rounds;

    private final boolean kept;

    private final List<String> childJvmArgs = new ArrayList<>();

    private final int warmup;

    private final String direction;

    private final String jfrDir;

    private final String perfDir;

    private final Map<String, String> pins = new java.util.LinkedHashMap<>();

    SshBulkFigures(boolean quick, String[] args) {
        List<String> list = Arrays.asList(args);
        int roundsAt = list.indexOf("--rounds");
        this.rounds = (roundsAt >= 0 && roundsAt + 1 < args.length) ? Integer.parseInt(args[roundsAt + 1]) : (quick ? 5 : 15);
        this.kept = list.contains("--kept");
        int warmupAt = list.indexOf("--warmup");
        this.warmup = (warmupAt >= 0 && warmupAt + 1 < args.length) ? Integer.parseInt(args[warmupAt + 1]) : 10;
        int directionAt = list.indexOf("--direction");
        this.direction = (directionAt >= 0 && directionAt + 1 < args.length) ? args[directionAt + 1] : null;
        int jfrAt = list.indexOf("--jfr");
        this.jfrDir = (jfrAt >= 0 && jfrAt + 1 < args.length) ? args[jfrAt + 1] : null;
        int perfAt = list.indexOf("--perf");
        this.perfDir = (perfAt >= 0 && perfAt + 1 < args.length) ? args[perfAt + 1] : null;
        int pinAt = list.indexOf("--pin");
        if (pinAt >= 0 && pinAt + 1 < args.length) {
            for (String one : args[pinAt + 1].split(";")) {
                String[] kv = one.split("=", 2);
                if (kv.length != 2 || !(kv[0].equals("master") || kv[0].equals("child") || kv[0].equals("between"))) {
                    throw new IllegalArgumentException("--pin takes master=CPUS;child=CPUS;between=CPUS, not " + one);
                }
                this.pins.put(kv[0], kv[1]);
            }
        }
        int jvmAt = list.indexOf("--child-jvm-args");
        if (jvmAt >= 0 && jvmAt + 1 < args.length) {
            this.childJvmArgs.addAll(Arrays.asList(args[jvmAt + 1].trim().split("\\s+")));
        }
    }

    void run(SshOptions.Builder options) throws Exception {
        if (!this.childJvmArgs.isEmpty()) {
            options.jvmArgs(this.childJvmArgs);
        }
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            Context child = router.ssh(options.build());
            long master = ProcessHandle.current().pid();
            long childPid = child.call(BenchTasks::pid);
            List<Long> between = between(childPid);
            System.out.println("# master " + master + ", ssh child " + childPid + ", between them " + between
                    + (this.kept ? ", the child answers with a kept array" : ""));
            if (this.pins.containsKey("master")) {
                ThreadStats.pin(master, this.pins.get("master"));
            }
            if (this.pins.containsKey("child")) {
                ThreadStats.pin(childPid, this.pins.get("child"));
            }
            if (this.pins.containsKey("between")) {
                for (long pid : between) {
                    ThreadStats.pin(pid, this.pins.get("between"));
                }
            }
            if (!this.pins.isEmpty()) {
                System.out.println("# pinned: " + this.pins);
            }
            byte[] data = new byte[SIZE];
            for (int i = 0; i < this.warmup; i++) {
                child.call(BenchTasks::sink, data);
                down(child);
            }
            long[] pids = new long[2 + between.size()];
            String[] labels = new String[pids.length];
            pids[0] = master;
            labels[0] = "master";
            pids[1] = childPid;
            labels[1] = "child";
            for (int i = 0; i < between.size(); i++) {
                pids[2 + i] = between.get(i);
                labels[2 + i] = "between";
            }
            for (String direction : new String[] {"parent_to_child", "child_to_parent"}) {
                if (this.direction != null && !this.direction.equals(direction)) {
                    continue;
                }
                if (this.jfrDir != null) {
                    BenchTasks.jfrStart(this.jfrDir + "/master-" + direction + ".jfr");
                    child.call(BenchTasks::jfrStart, this.jfrDir + "/child-" + direction + ".jfr");
                }
                Process perf = null;
                if (this.perfDir != null) {
                    StringBuilder all = new StringBuilder();
                    for (long pid : pids) {
                        all.append(all.length() == 0 ? "" : ",").append(pid);
                    }
                    perf = new ProcessBuilder("perf", "record", "-q", "-e", "cpu-clock", "-F", "1999", "-g", "-p", all.toString(),
                            "-o", this.perfDir + "/perf-" + direction + ".data").inheritIO().start();
                    Thread.sleep(500); // perf attaches to every thread first
                }
                System.out.println("# " + direction + ": " + this.rounds + " x " + (SIZE >> 20) + " MiB, loadavg " + BenchmarkMain.loadavg());
                Map<Long, ThreadStats.Sample>[] before = snapshots(pids);
                long[] took = new long[this.rounds];
                long start = System.nanoTime();
                for (int i = 0; i < this.rounds; i++) {
                    long t0 = System.nanoTime();
                    if (direction.equals("parent_to_child")) {
                        child.call(BenchTasks::sink, data);
                    }
                    else {
                        down(child);
                    }
                    took[i] = System.nanoTime() - t0;
                }
                long elapsed = System.nanoTime() - start;
                Map<Long, ThreadStats.Sample>[] after = snapshots(pids);
                if (perf != null) {
                    new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
                    perf.waitFor();
                }
                if (this.jfrDir != null) {
                    BenchTasks.jfrStop();
                    child.call(BenchTasks::jfrStop);
                }
                double gib = this.rounds * (double) SIZE / (1L << 30);
                double total = 0;
                for (int p = 0; p < pids.length; p++) {
                    // CPU-milliseconds per GiB for threads that spent at least 5 ms per GiB.
                    double[] sums = ThreadStats.print(labels[p], before[p], after[p], gib, 5_000_000, 1e6, "ms/GiB", false);
                    System.out.printf("#   %-10s total %.0f ms/GiB%n", labels[p], sums[0] / 1e6);
                    total += sums[0];
                }
                System.out.printf("# %s: wall %.0f ms/GiB, all processes' CPU %.0f ms/GiB (%.2f CPUs busy on average)%n",
                        direction, elapsed / 1e6 / gib, total / 1e6, total * gib / elapsed);
                BenchmarkMain.print("ssh_nocomp_bulk_" + direction + "_MiB_per_s" + (SIZE == 32 << 20 ? "" : "_" + (SIZE >> 20) + "MiB_calls"),
                        (SIZE >> 20) / (BenchmarkMain.median(took) / 1e9), "MiB/s");
            }
            if (this.perfDir != null) {
                System.out.println("# perf maps: " + BenchTasks.perfMap() + " " + child.call(BenchTasks::perfMap));
            }
            child.shutdown();
        }
    }

    private void down(Context child) {
        if (this.kept) {
            child.call(BenchTasks::sourceKept, SIZE);
        }
        else {
            child.call(BenchTasks::source, SIZE);
        }
    }

    /** The child's ancestors up to and including an ssh server process (empty if none is seen). */
    private static List<Long> between(long childPid) {
        List<Long> chain = new ArrayList<>();
        Optional<ProcessHandle> at = ProcessHandle.of(childPid).flatMap(ProcessHandle::parent);
        for (int i = 0; i < 4 && at.isPresent(); i++) {
            ProcessHandle p = at.get();
            if (p.pid() == ProcessHandle.current().pid() || p.pid() <= 1) {
                break;
            }
            chain.add(p.pid());
            String command = p.info().command().orElse("");
            if (command.contains("sshd")) {
                break;
            }
            at = p.parent();
        }
        return chain;
    }

    @SuppressWarnings("unchecked")
    private static Map<Long, ThreadStats.Sample>[] snapshots(long[] pids) {
        Map<Long, ThreadStats.Sample>[] all = new Map[pids.length];
        for (int i = 0; i < pids.length; i++) {
            all[i] = ThreadStats.snapshot(pids[i]);
        }
        return all;
    }
}
