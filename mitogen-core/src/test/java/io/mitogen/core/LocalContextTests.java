package io.mitogen.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mitogen.core.testing.ChannelTasks;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Tasks;
import io.mitogen.core.testing.Tasks.Colour;
import io.mitogen.core.testing.Tasks.Point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The core's acceptance usage, against three real child JVMs shared by the class. */
class LocalContextTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.withLocalChildren(1);

    static Router router;

    static Context a;

    static Context b;

    static Context c;

    @BeforeAll
    static void startChildren() {
        router = mitogen.router();
        a = mitogen.child(0);
        b = router.local(LocalOptions.builder().remoteName("worker-b").build());
        c = router.local(LocalOptions.builder().via(a).build());
    }

    @Test
    void callsAStaticMethodWithoutArguments() {
        long pid = a.call(Tasks::pid);
        assertThat(pid).isEqualTo(a.pid()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying((p) -> assertThat(p.isAlive()).isTrue());
    }

    @Test
    void callsThroughAViaChild() {
        int sum = c.call(Tasks::add, 2, 3);
        assertThat(sum).isEqualTo(5);
        assertThat(c.call(Tasks::parentPid)).isEqualTo(a.pid());
        assertThat(c.via()).isSameAs(a);
    }

    @Test
    void countsEachDirectLinksBytes() {
        LinkTraffic link = LinkTraffic.of(a).orElseThrow();
        long sent = link.bytesSent();
        long received = link.bytesReceived();
        long otherSent = LinkTraffic.of(b).orElseThrow().bytesSent();
        assertThat(a.call(Tasks::echo, new byte[1 << 20])).hasSize(1 << 20);
        assertThat(link.bytesSent() - sent).isBetween(1L << 20, (1L << 20) + 4096);
        assertThat(link.bytesReceived() - received).isBetween(1L << 20, (1L << 20) + 4096);
        assertThat(LinkTraffic.of(b).orElseThrow().bytesSent()).as("another link's count").isLessThan(otherSent + (1 << 20));
        assertThat(LinkTraffic.of(c)).as("c was started via a: its bytes cross a's link").isEmpty();
        assertThat(link.toString()).contains("bytes sent");
    }

    @Test
    void passesFiveArgumentsOfMixedTypes() {
        String joined = b.call(Tasks::five, "x", 1, 2L, true, List.of("y", "z"));
        assertThat(joined).isEqualTo("x12true[y, z]");
    }

    @Test
    void carriesRecordsBothWays() {
        Point q = a.call(Tasks::flip, new Point(1, 2));
        assertThat(q).isEqualTo(new Point(2, 1));
        Map<String, List<Point>> grouped = c.call(Tasks::group, List.of(new Point(3, 4)), Colour.GREEN);
        assertThat(grouped).containsExactly(Map.entry("GREEN", List.of(new Point(3, 4))));
    }

    @Test
    void nonCapturingLambdaWorksLikeAMethodReference() {
        String version = a.call(() -> System.getProperty("java.version"));
        assertThat(version).isEqualTo(System.getProperty("java.version"));
    }

    @Test
    void remoteExceptionArrivesWithTypeMessageAndStack() {
        assertThatThrownBy(() -> a.call(Tasks::fail, "boom"))
                .isInstanceOf(CallException.class)
                .hasMessage("java.lang.IllegalStateException: boom")
                .satisfies((ex) -> {
                    CallException call = (CallException) ex;
                    assertThat(call.remoteType()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(call.remoteMessage()).isEqualTo("boom");
                    assertThat(call.remoteStackTrace()).anySatisfy((frame) -> {
                        assertThat(frame.getClassName()).isEqualTo(Tasks.class.getName());
                        assertThat(frame.getMethodName()).isEqualTo("fail");
                        assertThat(frame.getLineNumber()).isPositive();
                    });
                    assertThat(call.getSuppressed()).singleElement()
                            .satisfies((site) -> assertThat(site.getMessage()).contains("awaited here"));
                });
        assertThat(a.call(Tasks::add, 1, 1)).as("the context still works").isEqualTo(2);
    }

    @Test
    void getWithTimeoutThrowsAndTheReceiverStaysUsable() {
        Receiver<String> slow = b.callAsync(Tasks::sleepThenSay, 1_500L, "late");
        assertThatThrownBy(() -> slow.get(Duration.ofMillis(200)))
                .isInstanceOf(ReceiveTimeoutException.class)
                .isInstanceOf(MitogenException.class)
                .hasMessageContaining("within PT0.2S");
        assertThat(slow.get()).isEqualTo("late");
    }

    @Test
    void selectYieldsInOrderOfArrivalAndGetDoesNotBlock() {
        // "late" answers only once the test closes its gate, after "early" has arrived.
        Channel<String> gate = router.channel(String.class);
        Receiver<String> late = a.callAsync(ChannelTasks::waitUntilClosed, gate.sender());
        Receiver<String> early = b.callAsync(Tasks::sleepThenSay, 0L, "early");
        List<String> order = new ArrayList<>();
        for (Receiver<String> r : Select.of(late, early)) {
            assertThat(r.isReady()).isTrue();
            order.add(r.context().name() + ":" + r.get());
            gate.close();
        }
        assertThat(order).containsExactly("worker-b:early", a.name() + ":closed by its owner");
    }

    @Test
    void selectOverPids() {
        List<Long> pids = new ArrayList<>();
        for (Receiver<Long> r : Select.of(a.callAsync(Tasks::pid), b.callAsync(Tasks::pid), c.callAsync(Tasks::pid))) {
            assertThat(r.get()).isEqualTo(r.context().pid());
            pids.add(r.get());
        }
        assertThat(pids).containsExactlyInAnyOrder(a.pid(), b.pid(), c.pid());
    }

    @Test
    void callNoReplyRunsWithoutWaiting(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path marker = dir.resolve("ran");
        a.runNoReply(Tasks::touch, marker.toString());
        a.callNoReply(Tasks::pid);
        await().atMost(Duration.ofSeconds(10)).until(() -> java.nio.file.Files.exists(marker));
    }

    @Test
    void voidMethodsRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path marker = dir.resolve("ran");
        c.run(Tasks::touch, marker.toString());
        assertThat(java.nio.file.Files.readString(marker)).isEqualTo("ran");
    }

    @Test
    void stringNamedFormForTools() {
        int sum = a.call(Tasks.class, "add", 4, 5);
        assertThat(sum).isEqualTo(9);
        assertThatThrownBy(() -> a.call(Tasks.class, "nope"))
                .isInstanceOf(InvalidCallException.class)
                .hasMessageContaining("no method(s) called 'nope'");
    }

    @Test
    void childShowsItsNameInPs() {
        assertThat(b.call(Tasks::command)).endsWith(" worker-b");
        assertThat(a.call(Tasks::command)).containsPattern(" mitogen:[^@ ]+@[^: ]+:" + ProcessHandle.current().pid() + "$");
    }

    @Test
    void bytesRoundTrip() {
        byte[] data = new byte[1 << 20];
        new java.util.Random(7).nextBytes(data);
        assertThat(c.call(Tasks::echo, data)).isEqualTo(data);
    }

    @Test
    void pingMeasuresARoundTrip() {
        assertThat(c.ping(Duration.ofSeconds(5))).isPositive();
    }
}
