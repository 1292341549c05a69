package io.mitogen.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-thread scheduler counters of one process, read from Linux's {@code /proc/<pid>/task/*}:
 * CPU time (ns), voluntary and involuntary context switches, migrations and the CPU it last ran
 * on. Two snapshots give what each thread spent and how often it blocked (a voluntary switch is
 * one wait, so one wake-up later) during what ran between them. Diagnostics for the benchmark's
 * {@code #} lines, not figures.
 */
final class ThreadStats {

    /** One thread's counters at one moment. */
    static final class Sample {

        final String name;

        final long cpuNanos;

        final long voluntary;

        final long involuntary;

        final long migrations;

        final int cpu;

        Sample(String name, long cpuNanos, long voluntary, long involuntary, long migrations, int cpu) {
            this.name = name;
            this.cpuNanos = cpuNanos;
            this.voluntary = voluntary;
            this.involuntary = involuntary;
            this.migrations = migrations;
            this.cpu = cpu;
        }
    }

    private ThreadStats() {
    }

    /** Every thread of {@code pid} now, by thread id (threads that vanish while read are left out). */
    static Map<Long, Sample> snapshot(long pid) {
        Map<Long, Sample> threads = new LinkedHashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    threads.put(Long.parseLong(task.getFileName().toString()), read(task));
                }
                catch (IOException | RuntimeException ex) {
                    // The thread ended between listing and reading: nothing to count.
                }
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/task (Linux only): " + ex, ex);
        }
        return threads;
    }

    private static Sample read(Path task) throws IOException {
        String name = Files.readString(task.resolve("comm")).trim();
        double runtimeMs = 0;
        long voluntary = 0;
        long involuntary = 0;
        long migrations = 0;
        for (String line : Files.readAllLines(task.resolve("sched"))) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "se.sum_exec_runtime":
                    runtimeMs = Double.parseDouble(value);
                    break;
                case "nr_voluntary_switches":
                    voluntary = Long.parseLong(value);
                    break;
                case "nr_involuntary_switches":
                    involuntary = Long.parseLong(value);
                    break;
                case "se.nr_migrations":
                    migrations = Long.parseLong(value);
                    break;
                default:
                    break;
            }
        }
        // Field 39 of stat is the CPU the thread last ran on; the name (field 2) may hold spaces.
        String stat = Files.readString(task.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        int cpu = Integer.parseInt(fields[39 - 3]);
        return new Sample(name, (long) (runtimeMs * 1e6), voluntary, involuntary, migrations, cpu);
    }

    /**
     * {@code #} lines, one per thread of {@code label} that ran at least {@code minNanosPerOp}
     * per operation between the snapshots: its CPU per operation (in microseconds), waits
     * (voluntary switches) per operation, preemptions, migrations, and the CPU it ran on last.
     * Returns the process's total CPU (ns) and waits per operation.
     */
    static double[] print(String label, Map<Long, Sample> before, Map<Long, Sample> after, double ops, long minNanosPerOp) {
        return print(label, before, after, ops, minNanosPerOp, 1e3, "us/op", false);
    }

    /**
     * As above; with {@code chainOnly}, the totals count only threads that waited at least every
     * other operation: those a round trip hands over to, not the JIT compilers or GC.
     */
    static double[] printChain(String label, Map<Long, Sample> before, Map<Long, Sample> after, double ops) {
        return print(label, before, after, ops, 1_000, 1e3, "us/op", true);
    }

    /** As above, with the CPU per operation shown in units of {@code unitNanos} nanoseconds, named {@code unit}. */
    static double[] print(String label, Map<Long, Sample> before, Map<Long, Sample> after, double ops, long minNanosPerOp,
            double unitNanos, String unit, boolean chainOnly) {
        double cpu = 0;
        double waits = 0;
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Long, Sample> e : after.entrySet()) {
            Sample a = e.getValue();
            Sample b = before.getOrDefault(e.getKey(), new Sample(a.name, 0, 0, 0, 0, -1));
            double cpuPerOp = (a.cpuNanos - b.cpuNanos) / (double) ops;
            double waitsPerOp = (a.voluntary - b.voluntary) / (double) ops;
            // Only the threads that wait about once per operation are on its path (not JIT, GC).
            if (!chainOnly || waitsPerOp >= 0.5) {
                cpu += cpuPerOp;
                waits += waitsPerOp;
            }
            if (cpuPerOp >= minNanosPerOp || waitsPerOp >= 0.05) {
                String per = unit.substring(unit.indexOf('/'));
                lines.add(String.format("#   %-10s %-28s cpu %8.2f %s  waits %7.2f%s  preempted %6.3f%s  migrations %6.3f%s  last cpu %d",
                        label, a.name + "/" + e.getKey(), cpuPerOp / unitNanos, unit, waitsPerOp, per, (a.involuntary - b.involuntary) / (double) ops, per,
                        (a.migrations - b.migrations) / (double) ops, per, a.cpu));
            }
        }
        lines.forEach(System.out::println);
        return new double[] {cpu, waits};
    }

    /** Pins every thread of {@code pid} (and threads it starts later) to {@code cpus}, with taskset. */
    static void pin(long pid, String cpus) throws IOException, InterruptedException {
        taskset("-a", "-p", "-c", cpus, Long.toString(pid));
    }

    /** Pins one thread (by its Linux thread id) to {@code cpus}. */
    static void pinThread(long tid, String cpus) throws IOException, InterruptedException {
        taskset("-p", "-c", cpus, Long.toString(tid));
    }

    private static void taskset(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("taskset"));
        command.addAll(List.of(args));
        Process taskset = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (taskset.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (is util-linux installed?)");
        }
    }
}
