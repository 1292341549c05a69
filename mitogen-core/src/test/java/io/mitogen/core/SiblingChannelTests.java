package io.mitogen.core;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;
import io.mitogen.core.testing.CapturingAppender;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.RawFrames;
import io.mitogen.core.testing.RecursionTasks;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Messages between children: a channel opened in a child, its sender returned to the master and
 * handed by it to a sibling, values going through the nearest common ancestor only, and an owner
 * that accepts values only from contexts its parent chain handed the sender to.
 */
class SiblingChannelTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.withLocalChildren(1);

    static Router router;

    static Context m;

    static Context a;

    static Context b;

    @BeforeAll
    static void start() {
        router = mitogen.router();
        m = mitogen.child(0);
        a = m.call(RecursionTasks::startWorker);
        b = m.call(RecursionTasks::startWorker);
    }

    @Test
    void theIssuesShapeAChildSendsToASibling() {
        Sender<String> inbox = b.call(RecursionTasks::openInbox);
        a.run(RecursionTasks::sendTo, inbox, "hello");
        assertThat(b.call(RecursionTasks::takeFromInboxWithSender)).isEqualTo("hello from " + a.id());
        // The master holds the sender b handed it, and may use it too.
        inbox.send("from the master");
        assertThat(b.call(RecursionTasks::takeFromInboxWithSender)).isEqualTo("from the master from 0");
    }

    @Test
    void valuesBetweenTwoChildrenOfOneIntermediateNeverReachTheMaster() {
        Sender<String> inbox = b.call(RecursionTasks::openInbox);
        long noValues = framesAtTheMaster(inbox, 0);
        long thousandValues = framesAtTheMaster(inbox, 1000);
        System.out.println("frames at the master: " + noValues + " for the calls alone, " + thousandValues
                + " with 1000 values from a to b");
        assertThat(thousandValues).isEqualTo(noValues);
    }

    /** Frames the master reads while a sends {@code count} values and b takes them. */
    private static long framesAtTheMaster(Sender<String> inbox, int count) {
        long before = router.core.traffic().framesReceived();
        assertThat(a.call(RecursionTasks::sendMany, inbox, count)).isEqualTo(count);
        if (count > 0) {
            assertThat(b.call(RecursionTasks::takeMany, count)).isEqualTo("v" + (count - 1));
        }
        else {
            assertThat(b.call(Tasks::add, 0, 0)).isZero();
        }
        return router.core.traffic().framesReceived() - before;
    }

    @Test
    void aSenderCannotBeHandedOnByAContextOffItsOwnersParentChain() {
        Sender<String> inbox = b.call(RecursionTasks::openInbox);
        Context c = m.call(RecursionTasks::startWorker);
        try {
            assertThat(a.call(RecursionTasks::handOn, inbox, c)).startsWith("CodecException")
                    .contains("cannot be passed on");
            // m is on b's parent chain: it may hand b's sender on, as the master may.
            a.run(RecursionTasks::sendTo, inbox, "still works");
            assertThat(b.call(RecursionTasks::takeFromInbox)).isEqualTo("still works");
        }
        finally {
            c.shutdown();
        }
    }

    @Test
    void forgedGrantsAndForgedSenderIdsAreDroppedAtTheOwner() {
        Sender<String> inbox = b.call(RecursionTasks::openInbox);
        Context c = m.call(RecursionTasks::startWorker);
        try {
            // c grants itself b's sender: b's parent chain did not say so.
            byte[] grant = router.codec.writer().writeInt(inbox.handle()).writeInt(c.id()).toByteArray();
            c.run(Tasks::writeToChannel, RawFrames.of(new Message(b.id(), c.id(), c.id(), Handles.CHANNEL_GRANT, 0, grant)));
            // c sends as if granted, and as if it were the master's sender and a's grant.
            for (int senderId : new int[] { Channel.grantedId(c.id()), inbox.id(), Channel.grantedId(a.id()) }) {
                byte[] value = router.codec.writer().writeInt(senderId).write("forged").toByteArray();
                c.run(Tasks::writeToChannel, RawFrames.of(new Message(b.id(), c.id(), c.id(), inbox.handle(), 0, value)));
            }
            // c forges a's source id: its parent drops the frame before it goes anywhere.
            byte[] value = router.codec.writer().writeInt(Channel.grantedId(a.id())).write("forged").toByteArray();
            c.run(Tasks::writeToChannel, RawFrames.of(new Message(b.id(), a.id(), a.id(), inbox.handle(), 0, value)));
            // The frames above are ahead of this one on the way to b.
            inbox.send("genuine");
            assertThat(b.call(RecursionTasks::takeFromInbox)).isEqualTo("genuine");
            assertThat(c.call(Tasks::add, 1, 2)).as("the hostile child's link is intact").isEqualTo(3);
            a.run(RecursionTasks::sendTo, inbox, "a still sends");
            assertThat(b.call(RecursionTasks::takeFromInbox)).isEqualTo("a still sends");
            // One line at the owner for the grant, one for each sender id that was someone else's.
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<String> lines = CapturingAppender.messages(b.name());
                assertThat(lines).filteredOn((line) -> line.contains("refused Message(dst=" + b.id() + " src=" + c.id())
                        && line.contains("handle=" + Handles.CHANNEL_GRANT)).hasSize(1);
                assertThat(lines).filteredOn((line) -> line.contains("refused a value from context " + c.id())).hasSize(3);
            });
        }
        finally {
            c.shutdown();
        }
    }

    @Test
    void aValueOfTheWrongTypeIsAClearErrorAtTheOwnerAndTheNextArrives() {
        Sender<String> inbox = b.call(RecursionTasks::openInbox);
        @SuppressWarnings({ "unchecked", "rawtypes" })
        Sender<Object> untyped = (Sender) inbox;
        untyped.send(42);
        inbox.send("next");
        assertThatThrownBy(() -> b.call(RecursionTasks::takeFromInbox)).isInstanceOf(CallException.class)
                .hasMessageContaining("does not fit its declared type");
        assertThat(b.call(RecursionTasks::takeFromInbox)).isEqualTo("next");
    }

    @Test
    void aClosedChannelStopsTheSiblingsSender() {
        Sender<String> inbox = b.call(RecursionTasks::openInbox);
        Receiver<Void> sending = a.runAsync(RecursionTasks::sendUntilClosed, inbox);
        assertThat(b.call(RecursionTasks::takeFromInbox)).isEqualTo("tick");
        b.run(RecursionTasks::closeInbox);
        sending.get(Duration.ofSeconds(20));
    }
}
