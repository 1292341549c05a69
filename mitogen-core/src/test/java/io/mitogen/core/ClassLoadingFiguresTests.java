package io.mitogen.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToLongFunction;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mitogen.core.testing.LibraryTasks;
import io.mitogen.core.testing.MitogenFixture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints the figures of the first call of a task that uses commons-lang3 (about 100 library
 * classes), with and without preloading: round trips, time, classes and bytes. Not a benchmark
 * harness; medians of a few fresh children, alternating, so drift hits both alike. Only the
 * gist is asserted; the numbers go to the test output as {@code first_call ...} lines.
 */
class ClassLoadingFiguresTests {

    static final int RUNS = 5;

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    @BeforeAll
    static void start() {
        router = mitogen.router();
        router.local().call(LibraryTasks::useLibrary, "warm up the parent's side"); // JIT, jar handles
    }

    @Test
    void printsFirstCallFiguresWithAndWithoutPreloading() {
        List<Run> preloading = new ArrayList<>();
        List<Run> without = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            preloading.add(firstCall(ClassServerDefaults.BUDGET));
            without.add(firstCall(0));
        }
        router.preloadBudget(ClassServerDefaults.BUDGET);
        print("preloading", preloading);
        print("no_preloading", without);
        // A local child: 64 KiB answers (ClassServer.NEARBY_BUDGET), about 400 KB of classes.
        assertThat(median(preloading, (r) -> r.stats.roundTrips())).isLessThanOrEqualTo(8);
        assertThat(median(without, (r) -> r.stats.roundTrips())).isGreaterThan(10 * median(preloading,
                (r) -> r.stats.roundTrips()));
    }

    private static Run firstCall(int budget) {
        router.preloadBudget(budget);
        Context child = router.local();
        try {
            long start = System.nanoTime();
            child.call(LibraryTasks::useLibrary, "mitogen");
            long micros = (System.nanoTime() - start) / 1000;
            return new Run(micros, child.classLoading());
        }
        finally {
            child.shutdown();
        }
    }

    private static void print(String mode, List<Run> runs) {
        System.out.printf("first_call %s: first_call_round_trips=%d local_first_call_ms_median=%.1f "
                + "classes_served=%d bytes_sent=%d (runs: %s)%n", mode, median(runs, (r) -> r.stats.roundTrips()),
                median(runs, (r) -> r.micros) / 1000.0, median(runs, (r) -> r.stats.classesServed()),
                median(runs, (r) -> r.stats.bytesSent()), runs);
    }

    private static long median(List<Run> runs, ToLongFunction<Run> figure) {
        List<Long> values = new ArrayList<>();
        for (Run run : runs) {
            values.add(figure.applyAsLong(run));
        }
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    record Run(long micros, ClassLoadingStats stats) {

        @Override
        public String toString() {
            return String.format("%.1f ms/%d trips", this.micros / 1000.0, this.stats.roundTrips());
        }
    }

    /** The default budget, as the class server has it. */
    static final class ClassServerDefaults {

        static final int BUDGET = io.mitogen.core.internal.classloading.ClassServer.DEFAULT_PRELOAD_BUDGET;
    }
}
