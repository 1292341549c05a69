package io.mitogen.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import io.mitogen.core.Context;
import io.mitogen.core.LocalOptions;
import io.mitogen.core.Router;

/**
 * {@code --only rtt}: {@code local_rtt_us_median} and {@code local_via_local_rtt_us_median} alone,
 * on {@code --rounds N} fresh child/grandchild pairs, each with what every busy thread of the
 * three JVMs spent per call (CPU, waits, preemptions, migrations, from /proc), so that a slow
 * round can be told from a fast one by what its threads did.
 *
 * <p>{@code --pin master=0,child=1,grandchild=0} pins each JVM's threads (taskset) once the pair
 * is up; the children's readers and main threads run where their process is pinned. Pinning
 * the whole benchmark from outside ({@code taskset -c 0 java -jar ...}) pins the children too:
 * they inherit it.
 */
final class RttFigures {

    private final int calls;

    private final int rounds;

    private final Map<String, String> pins = new LinkedHashMap<>();

    RttFigures(boolean quick, String[] args) {
        this.calls = quick ? 5_000 : 20_000;
        int roundsAt = Arrays.asList(args).indexOf("--rounds");
        this.rounds = (roundsAt >= 0 && roundsAt + 1 < args.length) ? Integer.parseInt(args[roundsAt + 1]) : 3;
        int pinAt = Arrays.asList(args).indexOf("--pin");
        if (pinAt >= 0 && pinAt + 1 < args.length) {
            for (String one : args[pinAt + 1].split(";")) {
                String[] kv = one.split("=", 2);
                if (kv.length != 2 || !(kv[0].equals("master") || kv[0].equals("child") || kv[0].equals("grandchild"))) {
                    throw new IllegalArgumentException("--pin takes master=CPUS;child=CPUS;grandchild=CPUS (taskset's"
                            + " CPU lists, e.g. master=0;child=1;grandchild=0,1), not " + one);
                }
                this.pins.put(kv[0], kv[1]);
            }
        }
    }

    void run(Router router) throws Exception {
        long master = ProcessHandle.current().pid();
        if (!this.pins.isEmpty()) {
            System.out.println("# pinned: " + this.pins);
        }
        double[] direct = new double[this.rounds];
        double[] via = new double[this.rounds];
        for (int r = 0; r < this.rounds; r++) {
            Context child = router.local();
            Context grandchild = router.local(LocalOptions.builder().via(child).build());
            long childPid = child.call(BenchTasks::pid);
            long grandchildPid = grandchild.call(BenchTasks::pid);
            pin("master", master);
            pin("child", childPid);
            pin("grandchild", grandchildPid);
            System.out.println("# round " + (r + 1) + ": master " + master + ", child " + childPid + ", grandchild "
                    + grandchildPid + ", loadavg " + BenchmarkMain.loadavg());
            direct[r] = measure("direct", child, new long[] {master, childPid});
            via[r] = measure("via", grandchild, new long[] {master, childPid, grandchildPid});
            grandchild.shutdown();
            child.shutdown();
        }
        Arrays.sort(direct);
        Arrays.sort(via);
        BenchmarkMain.print("local_rtt_us_median", direct[direct.length / 2], "us");
        BenchmarkMain.print("local_via_local_rtt_us_median", via[via.length / 2], "us");
    }

    private void pin(String which, long pid) throws Exception {
        String cpus = this.pins.get(which);
        if (cpus != null) {
            ThreadStats.pin(pid, cpus);
        }
    }

    /** Median round trip in microseconds, with the per-thread breakdown on # lines. */
    private double measure(String label, Context target, long[] pids) {
        for (int i = 0; i < this.calls / 2; i++) {
            target.call(BenchTasks::noop);
        }
        String[] names = {"master", "child", "grandchild"};
        Map<Long, ThreadStats.Sample>[] before = snapshots(pids);
        long[] idleBefore = idleEntries();
        long[] rtt = new long[this.calls];
        long start = System.nanoTime();
        for (int i = 0; i < this.calls; i++) {
            long t0 = System.nanoTime();
            target.call(BenchTasks::noop);
            rtt[i] = System.nanoTime() - t0;
        }
        long elapsed = System.nanoTime() - start;
        Map<Long, ThreadStats.Sample>[] after = snapshots(pids);
        long[] idleAfter = idleEntries();
        Arrays.sort(rtt);
        double median = rtt[rtt.length / 2] / 1e3;
        System.out.printf("# %s: p10 %.1f  p50 %.1f  p90 %.1f  p99 %.1f us, mean %.1f us%n", label, rtt[rtt.length / 10] / 1e3,
                median, rtt[rtt.length * 9 / 10] / 1e3, rtt[rtt.length * 99 / 100] / 1e3, elapsed / 1e3 / this.calls);
        double cpu = 0;
        double waits = 0;
        for (int p = 0; p < pids.length; p++) {
            double[] totals = ThreadStats.printChain(names[p], before[p], after[p], this.calls);
            cpu += totals[0];
            waits += totals[1];
        }
        // On one CPU the path's threads run one after another, so mean = their CPU; across CPUs
        // the difference is time no thread of the path ran: wake-ups in flight.
        System.out.printf("# %s: path threads (waiting >= 0.5/call): cpu %.1f us/call, waits %.2f/call; mean minus cpu ="
                + " %.1f us off-cpu, %.1f us per wait%n", label, cpu / 1e3, waits, elapsed / 1e3 / this.calls - cpu / 1e3,
                (elapsed / 1e3 / this.calls - cpu / 1e3) / waits);
        if (idleBefore.length > 0) {
            StringBuilder idle = new StringBuilder();
            for (int c = 0; c < idleAfter.length && c < idleBefore.length; c++) {
                idle.append(String.format(" cpu%d %.2f", c, (idleAfter[c] - idleBefore[c]) / (double) this.calls));
            }
            System.out.println("# " + label + ": idle-state entries per call (cpuidle usage, all states):" + idle);
        }
        return median;
    }

    /** Per CPU, how many times it entered an idle state so far (cpuidle's usage counters), or none if absent. */
    private static long[] idleEntries() {
        java.util.List<Long> entries = new java.util.ArrayList<>();
        for (int cpu = 0; ; cpu++) {
            java.nio.file.Path dir = java.nio.file.Path.of("/sys/devices/system/cpu/cpu" + cpu + "/cpuidle");
            if (!java.nio.file.Files.isDirectory(dir)) {
                break;
            }
            long sum = 0;
            for (int state = 0; ; state++) {
                java.nio.file.Path usage = dir.resolve("state" + state + "/usage");
                if (!java.nio.file.Files.exists(usage)) {
                    break;
                }
                try {
                    sum += Long.parseLong(java.nio.file.Files.readString(usage).trim());
                }
                catch (java.io.IOException | NumberFormatException ex) {
                    break;
                }
            }
            entries.add(sum);
        }
        return entries.stream().mapToLong(Long::longValue).toArray();
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
