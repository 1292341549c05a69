package io.mitogen.core;

import java.time.Duration;
import java.util.ArrayDeque;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mitogen.core.testing.HardeningTasks;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;

/** A child's footprint by default: a busy child stays near its idle resident size. */
class FootprintTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    @BeforeAll
    static void start() {
        router = mitogen.router();
    }

    @Test
    void aBusyChildStaysNearItsIdleResidentSize() {
        Context child = router.local();
        try {
            child.call(Tasks::add, 1, 1);
            long idleKb = child.call(HardeningTasks::rssKb);
            ArrayDeque<Receiver<Integer>> inFlight = new ArrayDeque<>();
            for (int i = 0; i < 200_000; i++) {
                if (inFlight.size() == 4096) {
                    inFlight.removeFirst().get(Duration.ofSeconds(60));
                }
                inFlight.addLast(child.callAsync(Tasks::add, i, 1));
            }
            while (!inFlight.isEmpty()) {
                inFlight.removeFirst().get(Duration.ofSeconds(60));
            }
            long busyKb = child.call(HardeningTasks::rssKb);
            System.out.printf("child_idle_rss_mb %.1f child_busy_rss_mb %.1f (200,000 calls)%n", idleKb / 1024.0,
                    busyKb / 1024.0);
            assertThat(idleKb).isLessThan(48 * 1024);
            assertThat(busyKb).isLessThan(64 * 1024);
        }
        finally {
            child.shutdown();
        }
    }

    @Test
    void jvmArgsOverrideTheDefaultsPerContext() {
        Context roomy = router.local(LocalOptions.builder().jvmArgs("-Xms128m").build());
        try {
            assertThat(roomy.call(HardeningTasks::heapCommittedMb)).isGreaterThanOrEqualTo(100);
        }
        finally {
            roomy.shutdown();
        }
        Context small = router.local();
        try {
            assertThat(small.call(HardeningTasks::heapCommittedMb)).isLessThan(64);
        }
        finally {
            small.shutdown();
        }
    }
}
