package io.mitogen.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.internal.wire.Message;
import io.mitogen.core.testing.ChannelTasks;
import io.mitogen.core.testing.FailingInit;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.RawFrames;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Channels and senders: values sent from children as they happen, the seeds' event-driven IO. */
class ChannelTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.withLocalChildren(2);

    static Router router;

    static Context a;

    static Context b;

    static Context c;

    @BeforeAll
    static void start() {
        router = mitogen.router();
        a = mitogen.child(0);
        b = mitogen.child(1);
        c = router.local(LocalOptions.builder().via(a).build());
    }

    @Test
    void valuesFromManyContextsArriveInOrderAndTheChannelEndsWhenTheCallsReturn() {
        try (Channel<Integer> numbers = router.channel(Integer.class)) {
            Receiver<Integer> fromA = a.callAsync(ChannelTasks::count, numbers.sender(), 1000);
            Receiver<Integer> fromB = b.callAsync(ChannelTasks::count, numbers.sender(), 500);
            Map<Context, List<Integer>> bySender = new HashMap<>();
            for (Channel.Item<Integer> item : numbers.items()) {
                bySender.computeIfAbsent(item.context(), (k) -> new ArrayList<>()).add(item.value());
            }
            assertThat(bySender.get(a)).hasSize(1000).isSorted();
            assertThat(bySender.get(b)).hasSize(500).isSorted();
            assertThat(fromA.get()).isEqualTo(1000);
            assertThat(fromB.get()).isEqualTo(500);
            assertThatThrownBy(numbers::get).isInstanceOf(ChannelClosedException.class).hasMessageContaining("has ended");
            assertThat(numbers.isOpen()).isTrue();
        }
    }

    @Test
    void tailForwardsWhatIsAppendedUntilTheOwnerClosesTheChannel(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("messages"), "old line\n");
        Channel<String> lines = router.channel(String.class);
        Receiver<Integer> tail = a.callAsync(ChannelTasks::tail, lines.sender(), log.toString(), Files.size(log));
        Files.writeString(log, "first\n", StandardOpenOption.APPEND);
        assertThat(lines.get(Duration.ofSeconds(10))).isEqualTo("first\n");
        Files.writeString(log, "second\n", StandardOpenOption.APPEND);
        Channel.Item<String> second = lines.receive(Duration.ofSeconds(10));
        assertThat(second.value()).isEqualTo("second\n");
        assertThat(second.context()).isEqualTo(a);
        lines.close();
        assertThat(tail.get(Duration.ofSeconds(10))).isEqualTo(2);
        assertThatThrownBy(lines::get).isInstanceOf(ChannelClosedException.class).hasMessageContaining("was closed");
        assertThat(a.call(Tasks::add, 1, 2)).isEqualTo(3);
    }

    @Test
    void aSenderIsClosedWhenItsCallReturns() {
        try (Channel<String> channel = router.channel(String.class)) {
            b.run(ChannelTasks::keep, channel.sender());
            assertThat(b.call(ChannelTasks::sendOnKept, "late")).startsWith("ChannelClosedException:")
                    .contains("its call returned");
            assertThatThrownBy(() -> channel.get(Duration.ofSeconds(10))).isInstanceOf(ChannelClosedException.class);
        }
    }

    @Test
    void aSenderHandedToACallWithoutReplyEndsWhenTheCallEnds() {
        try (Channel<Integer> numbers = router.channel(Integer.class)) {
            a.callNoReply(ChannelTasks::count, numbers.sender(), 3);
            List<Integer> got = new ArrayList<>();
            numbers.forEach(got::add);
            assertThat(got).containsExactly(0, 1, 2);
        }
    }

    @Test
    void aCallStillQueuedWhenItsChannelIsClosedSeesItClosed() {
        Channel<String> blocker = router.channel(String.class);
        Channel<String> channel = router.channel(String.class);
        Receiver<String> first = b.callAsync(ChannelTasks::waitUntilClosed, blocker.sender());
        Receiver<String> queued = b.callAsync(ChannelTasks::waitUntilClosed, channel.sender());
        // b's only call thread is busy with the first call: the second is queued, its sender not yet decoded.
        channel.close();
        blocker.close();
        assertThat(first.get(Duration.ofSeconds(10))).isEqualTo("closed by its owner");
        assertThat(queued.get(Duration.ofSeconds(10))).isEqualTo("closed by its owner");
    }

    @Test
    void theOwnersOwnSenderQueuesDirectly() {
        try (Channel<String> channel = router.channel(String.class)) {
            channel.sender().send("here");
            Channel.Item<String> item = channel.receive(Duration.ofSeconds(1));
            assertThat(item.value()).isEqualTo("here");
            assertThat(item.context()).isEqualTo(router.myself());
            assertThat(channel.sender().isOpen()).isTrue();
            channel.close();
            assertThat(channel.sender().isOpen()).isFalse();
            assertThat(channel).hasToString("Channel(" + channel.handle() + " of java.lang.String, closed)");
        }
    }

    @Test
    void aCallWithoutReplyThatFailsBeforeDecodingItsSenderStillEndsIt() {
        try (Channel<Integer> numbers = router.channel(Integer.class)) {
            b.runNoReply(FailingInit::take, numbers.sender());
            assertThatThrownBy(() -> numbers.get(Duration.ofSeconds(10))).isInstanceOf(ChannelClosedException.class);
            assertThat(b.call(Tasks::add, 1, 1)).isEqualTo(2);
        }
    }

    @Test
    void valuesComeUpThroughTheContextsOfAViaChain() {
        try (Channel<Integer> numbers = router.channel(Integer.class)) {
            assertThat(c.call(ChannelTasks::count, numbers.sender(), 100)).isEqualTo(100);
            List<Channel.Item<Integer>> items = new ArrayList<>();
            numbers.items().forEach(items::add);
            assertThat(items).hasSize(100).allSatisfy((item) -> assertThat(item.context()).isEqualTo(c));
        }
    }

    @Test
    void aValueTheWireDoesNotCarryFailsTheCallAndTheChannelGoesOn() {
        try (Channel<Object> channel = router.channel(Object.class)) {
            assertThatThrownBy(() -> a.run(ChannelTasks::sendUnencodable, channel.sender()))
                    .isInstanceOf(CallException.class).hasMessageContaining("CodecException");
            b.run(ChannelTasks::sendText, channel.sender(), "still", 1);
            assertThat(channel.get(Duration.ofSeconds(10))).isEqualTo("still");
            assertThat(channel.get(Duration.ofSeconds(10))).isEqualTo(1);
        }
    }

    @Test
    @SuppressWarnings({ "unchecked", "rawtypes" })
    void aValueThatDoesNotFitTheDeclaredTypeIsAClearErrorAndTheNextOneArrives() {
        try (Channel<Integer> numbers = router.channel(Integer.class)) {
            Sender untyped = numbers.sender();
            b.run(ChannelTasks::sendText, untyped, "not a number", 42);
            assertThatThrownBy(() -> numbers.get(Duration.ofSeconds(10))).isInstanceOf(CodecException.class)
                    .hasMessageContaining(b.toString()).hasMessageContaining("does not fit its declared type");
            assertThat(numbers.get(Duration.ofSeconds(10))).isEqualTo(42);
        }
    }

    @Test
    @SuppressWarnings({ "unchecked", "rawtypes" })
    void noOtherContextCanWriteIntoAChannel() {
        try (Channel<Object> channel = router.channel(Object.class)) {
            // Sender 1 goes to b, which waits; a then forges a value as if it came from sender 1.
            Receiver<String> waiting = b.callAsync(ChannelTasks::waitUntilClosed, (Sender) channel.sender());
            byte[] forged = router.codec.writer().writeInt(1).write("forged").toByteArray();
            a.run(Tasks::writeToChannel, RawFrames.of(new Message(0, a.id(), a.id(), channel.handle(), 0, forged)));
            // The forged frame is ahead of this in the one stream from a to here.
            a.run(ChannelTasks::sendText, channel.sender(), "from a", 1);
            assertThat(channel.get(Duration.ofSeconds(10))).isEqualTo("from a");
            assertThat(channel.get(Duration.ofSeconds(10))).isEqualTo(1);
            channel.close();
            assertThat(waiting.get(Duration.ofSeconds(10))).isEqualTo("closed by its owner");
        }
    }

    @Test
    void aSenderCannotBePassedOnAndAClosedChannelCannotBeHandedOut() {
        try (Channel<Integer> numbers = router.channel(Integer.class)) {
            assertThat(a.call(ChannelTasks::passOn, numbers.sender(), c)).startsWith("CodecException")
                    .contains("a sender cannot be passed on");
            assertThatThrownBy(numbers::get).isInstanceOf(ChannelClosedException.class);
            numbers.close();
            assertThatThrownBy(() -> a.call(ChannelTasks::count, numbers.sender(), 1)).isInstanceOf(MitogenException.class)
                    .hasMessageContaining("is closed");
        }
        assertThat(a.call(Tasks::add, 2, 2)).isEqualTo(4);
    }

    @Test
    void aContextThatGoesEndsTheChannelInsteadOfLeavingItsReaderWaiting() {
        try (Broker own = new Broker()) {
            Router ownRouter = new Router(own);
            Context doomed = ownRouter.local();
            Channel<String> channel = ownRouter.channel(String.class);
            Receiver<String> waiting = doomed.callAsync(ChannelTasks::waitUntilClosed, channel.sender());
            ProcessHandle.of(doomed.pid()).orElseThrow().destroyForcibly();
            assertThatThrownBy(() -> channel.get(Duration.ofSeconds(20))).isInstanceOf(ChannelClosedException.class);
            assertThatThrownBy(waiting::get).isInstanceOf(ContextDisconnectedException.class);
        }
    }
}
