package io.mitogen.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.RawFrames;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Code in a child cannot make its parent or a sibling run anything, and cannot break the parent. */
class TrustTests {

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
    void childCannotCallASibling(@TempDir Path dir) {
        Path marker = dir.resolve("sibling-ran");
        String outcome = a.call(Tasks::callInto, b, marker.toString());
        assertThat(outcome).startsWith("MessageRefusedException").contains("only its parent chain may do that");
        assertThat(marker).doesNotExist();
    }

    @Test
    void childCannotCallItsParentOrTheMaster(@TempDir Path dir) {
        Path marker = dir.resolve("master-ran");
        assertThat(a.call(Tasks::callInto, router.myself(), marker.toString())).startsWith("MessageRefusedException");
        assertThat(c.call(Tasks::callInto, a, marker.toString())).startsWith("MessageRefusedException");
        assertThat(marker).doesNotExist();
    }

    @Test
    void parentMayCallDownItsChain(@TempDir Path dir) {
        Path marker = dir.resolve("child-ran");
        assertThat(a.call(Tasks::callInto, c, marker.toString())).isEqualTo("ran");
        assertThat(marker).exists();
    }

    @Test
    void forgedAuthorityIsDroppedByTheParent(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("forged-ran");
        byte[] call = router.codec.writer().writeString(Tasks.class.getName()).writeString("touch")
                .writeString("(Ljava/lang/String;)V").writeInt(1).write(marker.toString()).toByteArray();
        byte[] frame = RawFrames.of(new Message(b.id(), 0, 0, Handles.CALL_FUNCTION, 0, call));
        a.run(Tasks::writeToChannel, frame);
        // Anything the master forwarded to b is ahead of this call in b's queue.
        assertThat(b.call(Tasks::add, 1, 1)).isEqualTo(2);
        assertThat(marker).doesNotExist();
        assertThat(a.call(Tasks::add, 1, 1)).isEqualTo(2);
    }

    @Test
    void aChildCannotClaimTheIdOfAContextThatAnotherOneStarts() throws Exception {
        // d is c's sibling under a. c claims, through a, the ids that d's next child may get.
        Context d = router.local(LocalOptions.builder().via(a).build());
        java.io.ByteArrayOutputStream claims = new java.io.ByteArrayOutputStream();
        for (int id = d.id() + 1; id <= d.id() + 50; id++) {
            byte[] payload = new byte[8];
            Frames.putInt(payload, 0, id);
            Frames.putInt(payload, 4, c.id());
            claims.write(RawFrames.of(new Message(a.id(), c.id(), c.id(), Handles.ADD_ROUTE, 0, payload)));
        }
        c.run(Tasks::writeToChannel, claims.toByteArray());
        Context e = router.local(LocalOptions.builder().via(d).build());
        assertThat(e.id()).isBetween(d.id() + 1, d.id() + 50);
        assertThat(e.call(Tasks::parentPid)).isEqualTo(d.pid());
        assertThat(c.call(Tasks::add, 1, 1)).isEqualTo(2);
        d.shutdown();
    }

    @Test
    void malformedFrameClosesOnlyThatChild() {
        Context hostile = router.local();
        hostile.runNoReply(Tasks::writeToChannel, "this is not a frame".getBytes());
        await().atMost(Duration.ofSeconds(15)).until(() -> !hostile.isConnected());
        assertThat(b.call(Tasks::add, 2, 2)).isEqualTo(4);
        assertThatThrownBy(() -> hostile.call(Tasks::pid)).isInstanceOf(ContextDisconnectedException.class);
    }

    @Test
    void oversizeFrameClosesOnlyThatChild() {
        Context hostile = router.local();
        byte[] header = new byte[Frames.HEADER_SIZE];
        Frames.writeHeader(new Message(0, hostile.id(), hostile.id(), Handles.FIRST_DYNAMIC, 0, new byte[0]), header, 0);
        header[22] = 0x7f; // length: about 2 GB
        hostile.runNoReply(Tasks::writeToChannel, header);
        await().atMost(Duration.ofSeconds(15)).until(() -> !hostile.isConnected());
        assertThat(b.call(Tasks::add, 3, 3)).isEqualTo(6);
    }
}
