package io.mitogen.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.mitogen.core.testing.Peers;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints create, first call and shutdown times of a child started locally, through sudo, su
 * and podman (medians of {@value #RUNS}, alternating, as {@code method_figures ...} lines). Not a
 * benchmark harness: a quick measurement for the closing note. Only the gist is
 * asserted. Methods whose peers are missing are left out (and say so).
 */
class MethodFiguresTests {

    static final int RUNS = 5;

    static Broker broker;

    static Router router;

    @BeforeAll
    static void start() {
        broker = new Broker();
        router = new Router(broker);
        router.local().call(Tasks::add, 1, 1); // warm up the parent's side
    }

    @AfterAll
    static void stop() {
        broker.close();
        Peers.awaitNoJvmLeftInContainer();
    }

    @Test
    void printsCreateCallAndShutdownTimes() {
        List<String> names = new ArrayList<>(List.of("local"));
        List<Supplier<Context>> starts = new ArrayList<>(List.of(router::local));
        if (Peers.hasTestbedUsers()) {
            names.add("sudo");
            starts.add(() -> router.sudo(SudoOptions.builder().username("mitotest").build()));
            names.add("su");
            starts.add(() -> router.su(SuOptions.builder().username("mitotest").build()));
        }
        else {
            System.out.println("method_figures: sudo and su left out (no testbed users, or not root)");
        }
        if (Peers.hasPodman()) {
            names.add("podman");
            starts.add(() -> router.podman(PodmanOptions.builder().container(Peers.CONTAINER).build()));
        }
        else {
            System.out.println("method_figures: podman left out (" + Peers.CONTAINER + " does not run commands)");
        }
        List<List<long[]>> runs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            runs.add(new ArrayList<>());
        }
        for (int run = 0; run < RUNS; run++) {
            for (int i = 0; i < names.size(); i++) {
                runs.get(i).add(once(starts.get(i)));
            }
        }
        for (int i = 0; i < names.size(); i++) {
            long[] medians = new long[4];
            for (int part = 0; part < 4; part++) {
                List<Long> values = new ArrayList<>();
                for (long[] run : runs.get(i)) {
                    values.add(run[part]);
                }
                Collections.sort(values);
                medians[part] = values.get(values.size() / 2);
            }
            System.out.printf("method_figures %-6s create_ms=%d first_call_ms=%d shutdown_ms=%d total_ms=%d%n", names.get(i),
                    medians[0], medians[1], medians[2], medians[3]);
        }
    }

    /** Create, first call, shutdown and their sum, in milliseconds. */
    private static long[] once(Supplier<Context> start) {
        long t0 = System.nanoTime();
        Context child = start.get();
        long t1 = System.nanoTime();
        assertThat(child.call(Tasks::add, 1, 2)).isEqualTo(3);
        long t2 = System.nanoTime();
        child.shutdown();
        long t3 = System.nanoTime();
        return new long[] { (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t3 - t0) / 1_000_000 };
    }
}
