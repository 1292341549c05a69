package io.mitogen.core;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mitogen.core.testing.HardeningTasks;
import io.mitogen.core.testing.MitogenFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Channel flow control: a child flooding a channel whose owner does not read cannot grow the
 * owner's heap without bound, and nothing it sent is lost once the owner reads.
 */
class FlowControlTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.withLocalChildren(1);

    static Router router;

    static Context child;

    @BeforeAll
    static void start() {
        router = mitogen.router();
        child = mitogen.child(0);
    }

    @Test
    void aFloodWhileTheOwnerDoesNotReadKeepsTheOwnersHeapBoundedAndLosesNothing() throws Exception {
        try (Channel<String> lines = router.channel(String.class)) {
            long before = liveHeap();
            Receiver<Long> flood = child.callAsync(HardeningTasks::flood, lines.sender(), 3_000L);
            // A measurement window, not synchronisation: the child floods for 3 s, nobody reads.
            Thread.sleep(3_500);
            long growth = liveHeap() - before;
            System.out.printf("flood_heap_growth_mib %.1f (one sender, 3.5 s, owner not reading; load %s)%n",
                    growth / 1048576.0, loadavg());
            long received = drain(lines);
            assertThat(flood.get(Duration.ofSeconds(30))).isEqualTo(received);
            assertThat(growth).isLessThan(32L << 20);
        }
        assertThat(child.call(HardeningTasks::length, new byte[3])).isEqualTo(3);
    }

    @Test
    void manySendersFloodingStayWithinTheirWindowsSoAThousandFitInAFewHundredMiB() throws Exception {
        int senders = 20;
        for (int size : new int[] { 100, 10_000 }) {
            try (Channel<String> lines = router.channel(String.class)) {
                List<Sender<String>> outs = java.util.Collections.nCopies(senders, lines.sender());
                long before = liveHeap();
                Receiver<Long> flood = child.callAsync(HardeningTasks::floodAll, outs, size, 3_000L);
                Thread.sleep(3_500); // a measurement window, as above
                long growth = liveHeap() - before;
                System.out.printf("flood_heap_growth_mib %.1f (%d senders of %d-character strings, 3.5 s, owner not "
                        + "reading; %.0f MiB for 1,000 senders; load %s)%n", growth / 1048576.0, senders, size,
                        growth / 1048576.0 * 1000 / senders, loadavg());
                long received = 0;
                for (String value : lines) {
                    assertThat(value).hasSize(size);
                    received++;
                }
                assertThat(flood.get(Duration.ofSeconds(30))).isEqualTo(received);
                // 1,000 such senders within 300 MiB: 300 KiB each.
                assertThat(growth).isLessThan(senders * 300L * 1024);
            }
        }
    }

    @Test
    void aSendWithATimeoutFailsClearlyAtTheWindowAndNothingSentIsLost() {
        ChannelOptions small = ChannelOptions.builder().windowValues(5).build();
        try (Channel<String> lines = router.channel(String.class, small)) {
            String result = child.call(HardeningTasks::sendUntilFull, lines.sender(), 10, 200L);
            assertThat(result).startsWith("5: ").contains("could not send within PT0.2S")
                    .contains("has not read 5 values").contains("ChannelOptions");
            assertThat(drain(lines, 10)).isEqualTo(5);
        }
        ChannelOptions bytes = ChannelOptions.builder().windowValues(100).windowBytes(4096).build();
        try (Channel<String> lines = router.channel(String.class, bytes)) {
            // 1,000-character values, 4 KiB: a value goes while it fits, or while less than half is out.
            assertThat(child.call(HardeningTasks::sendUntilFull, lines.sender(), 1000, 200L)).startsWith("4: ");
            assertThat(drain(lines, 1000)).isEqualTo(4);
        }
    }

    @Test
    void aValueLargerThanTheWholeWindowStillGoesAlone() {
        ChannelOptions bytes = ChannelOptions.builder().windowBytes(1024).build();
        try (Channel<String> lines = router.channel(String.class, bytes)) {
            assertThat(child.call(HardeningTasks::sendUntilFull, lines.sender(), 5000, 200L)).startsWith("1: ");
            assertThat(drain(lines, 5000)).isEqualTo(1);
        }
    }

    @Test
    void aSmallWindowStillCarriesEverythingInOrderWhileTheOwnerReads() {
        ChannelOptions tiny = ChannelOptions.builder().windowValues(1).windowBytes(1024).build();
        try (Channel<String> lines = router.channel(String.class, tiny)) {
            Receiver<Integer> sent = child.callAsync(HardeningTasks::sendCount, lines.sender(), 2000);
            int expected = 0;
            for (String value : lines) {
                assertThat(value).isEqualTo(Integer.toString(expected++));
            }
            assertThat(expected).isEqualTo(2000);
            assertThat(sent.get(Duration.ofSeconds(30))).isEqualTo(2000);
        }
    }

    @Test
    void closingTheChannelReleasesASenderWaitingForCredit() {
        Channel<String> lines = router.channel(String.class, ChannelOptions.builder().windowValues(2).build());
        Receiver<Integer> sent = child.callAsync(HardeningTasks::sendCount, lines.sender(), 100);
        assertThat(lines.get(Duration.ofSeconds(30))).isEqualTo("0");
        lines.close();
        assertThat(sent.get(Duration.ofSeconds(30))).isEqualTo(100);
        assertThat(child.call(HardeningTasks::length, new byte[7])).isEqualTo(7);
    }

    @Test
    void aLogFloodKeepsTheMastersHeapBounded() throws Exception {
        long before = liveHeap();
        Receiver<Long> flood = child.callAsync(HardeningTasks::floodLogs, 3_000L);
        Thread.sleep(2_500); // a measurement window while the child floods
        long growth = liveHeap() - before;
        long records = flood.get(Duration.ofSeconds(60));
        System.out.printf("log_flood_heap_growth_mib %.1f (%d records in 3 s; load %s)%n", growth / 1048576.0, records,
                loadavg());
        assertThat(records).isGreaterThan(0);
        assertThat(growth).isLessThan(32L << 20);
        assertThat(child.call(HardeningTasks::length, new byte[1])).isEqualTo(1);
    }

    @Test
    void aStdoutFloodKeepsTheMastersHeapBounded() throws Exception {
        long before = liveHeap();
        Receiver<Long> flood = child.callAsync(HardeningTasks::floodStdout, 3_000L);
        Thread.sleep(2_500); // a measurement window while the child floods
        long growth = liveHeap() - before;
        long lines = flood.get(Duration.ofSeconds(60));
        System.out.printf("stdout_flood_heap_growth_mib %.1f (%d lines in 3 s; load %s)%n", growth / 1048576.0, lines,
                loadavg());
        assertThat(lines).isGreaterThan(0);
        assertThat(growth).isLessThan(32L << 20);
        assertThat(child.call(HardeningTasks::length, new byte[2])).isEqualTo(2);
    }

    @Test
    @SuppressWarnings({ "unchecked", "rawtypes" })
    void aChildIgnoringTheWindowHasOnlyAWindowKeptAndTheRestDropped() throws Exception {
        Context hostile = router.local();
        try (Channel<Object> channel = router.channel(Object.class, ChannelOptions.builder().windowValues(10).build());
                Channel<Object> marker = router.channel(Object.class)) {
            // Sender 1 of the channel goes to the hostile child, which writes 1,000 values for it
            // raw into its channel, never waiting for credit, then "after" on the marker channel.
            java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 1000; i++) {
                byte[] value = router.codec.writer().writeInt(1).write("v" + i).toByteArray();
                frames.write(io.mitogen.core.testing.RawFrames.of(
                        new io.mitogen.core.internal.wire.Message(0, hostile.id(), hostile.id(), channel.handle(), 0, value)));
            }
            Receiver<String> holding = hostile.callAsync(HardeningTasks::ignoreTheWindow, (Sender) channel.sender(),
                    (Sender) marker.sender(), frames.toByteArray());
            // One stream, routed in order: once "after" is here, so is every forged value.
            assertThat(marker.get(Duration.ofSeconds(10))).isEqualTo("after");
            for (int i = 0; i < 10; i++) {
                assertThat(channel.get(Duration.ofSeconds(10))).isEqualTo("v" + i);
            }
            assertThatThrownBy(() -> channel.get(Duration.ofMillis(200))).isInstanceOf(ReceiveTimeoutException.class);
            channel.close();
            assertThat(holding.get(Duration.ofSeconds(10))).isEqualTo("closed by its owner");
        }
        finally {
            hostile.shutdown();
        }
    }

    @Test
    void windowOptionsAreChecked() {
        assertThatThrownBy(() -> ChannelOptions.builder().windowValues(0)).isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("windowValues must be at least 1, got 0");
        assertThatThrownBy(() -> ChannelOptions.builder().windowBytes(10)).isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("windowBytes must be between 1024 and");
        assertThat(ChannelOptions.defaults().windowValues()).isEqualTo(ChannelOptions.DEFAULT_WINDOW_VALUES);
    }

    /** Reads until every sender is done, checking each value's length; returns how many arrived. */
    static long drain(Channel<String> channel, int size) {
        long received = 0;
        for (String value : channel) {
            assertThat(value).hasSize(size);
            received++;
        }
        return received;
    }

    /** Reads until every sender is done; returns how many values arrived. */
    static long drain(Channel<String> channel) {
        long received = 0;
        for (String line : channel) {
            assertThat(line).isEqualTo(HardeningTasks.LINE);
            received++;
        }
        return received;
    }

    /** Heap in use after a full collection: what is still reachable. */
    static long liveHeap() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static String loadavg() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        }
        catch (java.io.IOException ex) {
            return "unknown";
        }
    }
}
