package io.mitogen.core.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import io.mitogen.core.Context;
import io.mitogen.core.Router;
import io.mitogen.core.SshOptions;

/**
 * Measures an ssh peer and prints one line of figures (not asserted: they depend on the machine):
 * start-up of a context, round trip of a trivial call, and bulk throughput both ways.
 */
public final class SshFigures {

    private static final int MiB = 1024 * 1024;

    private SshFigures() {
    }

    /** Prints {@code ssh_create_ms_median}, {@code ssh_rtt_us_median} and the bulk figures for {@code peer}. */
    public static String measure(String peer, Router router, Supplier<SshOptions.Builder> options) {
        List<Double> creates = new ArrayList<>();
        Context kept = null;
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            Context context = router.ssh(options.get().build());
            creates.add((System.nanoTime() - start) / 1e6);
            if (kept == null) {
                kept = context;
            }
            else {
                context.shutdown();
            }
        }
        Context ssh = kept;
        for (int i = 0; i < 500; i++) {
            ssh.call(Tasks::add, i, 1);
        }
        List<Double> rtts = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            long start = System.nanoTime();
            ssh.call(Tasks::add, i, 1);
            rtts.add((System.nanoTime() - start) / 1e3);
        }
        byte[] bulk = new byte[32 * MiB];
        List<Double> up = new ArrayList<>();
        List<Double> down = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long start = System.nanoTime();
            ssh.call(SshTasks::length, bulk);
            up.add(bulk.length / (double) MiB / ((System.nanoTime() - start) / 1e9));
            start = System.nanoTime();
            byte[] back = ssh.call(SshTasks::bytes, bulk.length);
            down.add(back.length / (double) MiB / ((System.nanoTime() - start) / 1e9));
        }
        ssh.shutdown();
        String line = String.format(java.util.Locale.ROOT,
                "ssh figures (%s): ssh_create_ms_median=%.0f ssh_rtt_us_median=%.0f "
                        + "ssh_nocomp_bulk_parent_to_child_MiB_per_s=%.0f ssh_nocomp_bulk_child_to_parent_MiB_per_s=%.0f "
                        + "(create ms %s)",
                peer, median(creates), median(rtts), median(up), median(down), rounded(creates));
        System.out.println(line);
        return line;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static List<Long> rounded(List<Double> values) {
        List<Long> out = new ArrayList<>();
        for (double value : values) {
            out.add(Math.round(value));
        }
        return out;
    }
}
