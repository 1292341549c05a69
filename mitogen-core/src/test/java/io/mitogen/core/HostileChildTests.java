package io.mitogen.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;
import io.mitogen.core.testing.HardeningTasks;
import io.mitogen.core.testing.LibraryTasks;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.RawFrames;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile child flooding the master with class and resource requests, log records and route
 * announcements slows only itself: a good child's calls, and a fresh child's class loading,
 * go on while the flood runs. Figures are printed, not asserted.
 */
class HostileChildTests {

    static final int CALLS = 2_000;

    static final long FLOOD_MILLIS = 15_000;

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.withLocalChildren(2);

    static Router router;

    static Context good;

    static Context bad;

    @BeforeAll
    static void start() {
        router = mitogen.router();
        good = mitogen.child(0);
        bad = mitogen.child(1);
    }

    @Test
    void aFloodOfClassRequestsLogsAndRouteClaimsSlowsOnlyTheChildThatSendsIt() throws Exception {
        long[] quiet = roundTrips(CALLS);
        byte[] frames = floodFrames();
        Receiver<Long> flood = bad.callAsync(HardeningTasks::floodFrames, frames, FLOOD_MILLIS);
        // Progress of the flood, not a timing: the master has started answering the bad child.
        long served = router.classLoadingStats().classRequests();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> router.classLoadingStats().classRequests() > served + 1000);
        long[] flooded = roundTrips(CALLS);
        Context fresh = router.local();
        List<String> loaded = fresh.call(LibraryTasks::useLibrary, "fair");
        boolean floodStillRunning = !flood.isReady();
        long requestsDuring = router.classLoadingStats().classRequests() - served;
        System.out.printf("hostile_child_good_rtt_us median %.1f p99 %.1f quiet, median %.1f p99 %.1f during the flood "
                + "(%d class requests served meanwhile; load %s)%n", percentile(quiet, 50), percentile(quiet, 99),
                percentile(flooded, 50), percentile(flooded, 99), requestsDuring, FlowControlTests.loadavg());
        assertThat(loaded).isNotEmpty();
        assertThat(floodStillRunning).as("the good child's %d calls and a fresh child's first call finished while "
                + "the bad child was still flooding", CALLS).isTrue();
        long rounds = flood.get(Duration.ofSeconds(120));
        System.out.printf("hostile_child_flood_rounds %d (%d bytes each)%n", rounds, frames.length);
        assertThat(good.call(Tasks::add, 1, 2)).isEqualTo(3);
        fresh.shutdown();
    }

    /** One round of the flood: class and resource requests, log records, route claims. */
    static byte[] floodFrames() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> classes = Arrays.asList("io.mitogen.core.Router", "io.mitogen.core.testing.Tasks",
                "java.lang.String", "org.no.Such", "io.mitogen.core.internal.wire.Codec");
        for (int i = 0; i < 50; i++) {
            for (String name : classes) {
                out.writeBytes(frame(Handles.GET_CLASS, name.getBytes(StandardCharsets.UTF_8)));
            }
            out.writeBytes(frame(Handles.GET_RESOURCE, "META-INF/MANIFEST.MF".getBytes(StandardCharsets.UTF_8)));
            List<Object> record = Arrays.asList(bad.id(), "hostile", 3, "flood " + i, "flood", 0L, null);
            out.writeBytes(frame(Handles.FORWARD_LOG, router.codec.encode(List.of(record, record, record))));
        }
        // A few route claims for ids the master never allocated under it (each refused, with a warning).
        for (int i = 0; i < 2; i++) {
            byte[] claim = router.codec.writer().writeInt(900_000 + i).writeInt(bad.id()).toByteArray();
            out.writeBytes(frame(Handles.ADD_ROUTE, Arrays.copyOf(claim, 8)));
        }
        return out.toByteArray();
    }

    static byte[] frame(int handle, byte[] payload) {
        return RawFrames.of(new Message(0, bad.id(), bad.id(), handle, 0, payload));
    }

    static long[] roundTrips(int calls) {
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            good.call(Tasks::add, i, 1);
            nanos[i] = System.nanoTime() - t0;
        }
        return nanos;
    }

    static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e3;
    }
}
