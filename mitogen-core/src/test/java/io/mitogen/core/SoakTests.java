package io.mitogen.core;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.mitogen.core.testing.ChannelTasks;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A soak, outside the default build: {@code -Dmitogen.soak.minutes=N} (e.g. 30). Mixed calls,
 * channels, context churn and kill -9 of intermediates, for N minutes; asserts that no reply is
 * lost, that no descriptor, thread or process is left behind, and that the live heap stays flat.
 * Prints its figures.
 *
 * <pre>./mvnw -o -B -pl mitogen-core -am -Dtest=SoakTests -Dmitogen.soak.minutes=30 -Dsurefire.failIfNoSpecifiedTests=false verify</pre>
 */
@EnabledIfSystemProperty(named = "mitogen.soak.minutes", matches = "\\d+(\\.\\d+)?")
class SoakTests {

    @Test
    @Timeout(value = 24, unit = java.util.concurrent.TimeUnit.HOURS)
    void mixedLoadWithChurnAndKillsLosesNothingAndLeaksNothing() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("mitogen.soak.minutes"));
        long deadline = System.nanoTime() + (long) (minutes * 60e9);
        Random random = new Random(15);
        // Baselines after one child came and went: the JDK's own lazily made threads (process
        // reapers) and the test framework's are then there already.
        try (Broker warmUp = new Broker()) {
            new Router(warmUp).local().call(Tasks::add, 1, 1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
        long fdsBefore = fds();
        java.util.Set<String> threadsBeforeNames = threadNames();
        int threadsBefore = threadsBeforeNames.size();
        long calls = 0;
        long values = 0;
        long started = 0;
        long killed = 0;
        List<Long> heap = new ArrayList<>();
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            List<Context> stable = List.of(router.local(), router.local(), router.local());
            long lastSample = 0;
            int round = 0;
            while (System.nanoTime() < deadline) {
                round++;
                // Calls in flight over the stable children: every one answered, with its own result.
                ArrayDeque<Receiver<Integer>> inFlight = new ArrayDeque<>();
                for (int i = 0; i < 300; i++) {
                    inFlight.add(stable.get(i % 3).callAsync(Tasks::add, round, i));
                }
                for (int i = 0; i < 300; i++) {
                    assertThat(inFlight.removeFirst().get(Duration.ofSeconds(60))).isEqualTo(round + i);
                    calls++;
                }
                // A channel with a small window: every value arrives.
                try (Channel<Integer> numbers = router.channel(Integer.class,
                        ChannelOptions.builder().windowValues(16).build())) {
                    Receiver<Integer> sent = stable.get(round % 3).callAsync(ChannelTasks::count, numbers.sender(), 2000);
                    int received = 0;
                    for (Integer ignored : numbers) {
                        received++;
                    }
                    assertThat(received).isEqualTo(2000);
                    assertThat(sent.get(Duration.ofSeconds(60))).isEqualTo(2000);
                    values += received;
                }
                // Churn: an intermediate and a grandchild; every other round the intermediate is
                // killed -9 with a call pending in the grandchild, which must fail, not hang.
                Context hop = router.local();
                Context far = router.local(LocalOptions.builder().via(hop).build());
                started += 2;
                assertThat(far.call(Tasks::add, 1, round)).isEqualTo(1 + round);
                calls++;
                if (random.nextBoolean()) {
                    Receiver<String> pending = far.callAsync(Tasks::sleepThenSay, 60_000L, "never");
                    ProcessHandle.of(hop.pid()).ifPresent(ProcessHandle::destroyForcibly);
                    killed++;
                    assertThatThrownBy(() -> pending.get(Duration.ofSeconds(30)))
                            .isInstanceOf(ContextDisconnectedException.class);
                }
                else {
                    far.shutdown();
                    hop.shutdown();
                }
                if (System.nanoTime() - lastSample > 10e9) {
                    lastSample = System.nanoTime();
                    heap.add(FlowControlTests.liveHeap());
                }
            }
            for (Context context : stable) {
                context.shutdown();
            }
        }
        await("processes left by the soak").atMost(Duration.ofSeconds(30))
                .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
        await("threads left by the soak").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            java.util.Set<String> left = threadNames();
            left.removeAll(threadsBeforeNames);
            left.removeIf((name) -> name.startsWith("process reaper") || name.startsWith("awaitility"));
            assertThat(left).as("threads made during the soak and still alive").isEmpty();
        });
        await("descriptors left by the soak").atMost(Duration.ofSeconds(30)).until(() -> fds() <= fdsBefore + 4);
        long first = heap.get(0);
        long last = FlowControlTests.liveHeap();
        System.out.printf("soak %.1f min: %d calls, %d channel values, %d contexts started, %d intermediates killed -9; "
                + "live heap MiB first %.1f max %.1f last %.1f; fds %d -> %d; threads %d -> %d; load %s%n", minutes, calls,
                values, started, killed, first / 1048576.0, heap.stream().mapToLong(Long::longValue).max().getAsLong()
                        / 1048576.0, last / 1048576.0, fdsBefore, fds(), threadsBefore,
                threadNames().size(), FlowControlTests.loadavg());
        assertThat(last - first).as("live heap growth over the soak").isLessThan(16L << 20);
    }

    static java.util.Set<String> threadNames() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive()) {
                names.add(thread.getName() + "#" + thread.getId());
            }
        }
        return names;
    }

    static long fds() throws Exception {
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            return list.count();
        }
    }
}
