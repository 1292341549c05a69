package io.mitogen.core.internal.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.mitogen.core.internal.constants.Handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FramesTests {

    private final byte[] header = new byte[Frames.HEADER_SIZE];

    @Test
    void headerIs26BytesBigEndianAsUpstream() throws IOException {
        byte[] frame = frame(new Message(0x01020304, 5, 6, 101, 1000, new byte[] { 9, 8 }));
        assertThat(frame).hasSize(26 + 2);
        assertThat(Arrays.copyOfRange(frame, 0, 6)).containsExactly(0x4d, 0x49, 1, 2, 3, 4);
        assertThat(Arrays.copyOfRange(frame, 22, 28)).containsExactly(0, 0, 0, 2, 9, 8);
    }

    @Test
    void roundTripsEveryField() throws IOException {
        Message sent = new Message(7, 8, 9, 10, Handles.IS_DEAD, "payload".getBytes());
        Message read = Frames.read(in(frame(sent)), this.header, 1024);
        assertThat(read.dstId).isEqualTo(7);
        assertThat(read.srcId).isEqualTo(8);
        assertThat(read.authId).isEqualTo(9);
        assertThat(read.handle).isEqualTo(10);
        assertThat(read.isDead()).isTrue();
        assertThat(read.payload).isEqualTo("payload".getBytes());
    }

    @Test
    void aRecycledArrayIsReadOverByTheNextFrameOfItsLengthOnly() throws IOException {
        // An odd length, so that no other test's frames meet this pool's spare.
        byte[] spare = new byte[777];
        Arrays.fill(spare, (byte) 0x55);
        Frames.recycle(spare);
        byte[] other = new byte[778];
        new java.util.Random(1).nextBytes(other);
        Message longer = Frames.read(in(frame(new Message(1, 2, 3, 4, 5, other))), this.header, 4096);
        assertThat(longer.payload).isNotSameAs(spare).isEqualTo(other);
        byte[] sent = new byte[777];
        new java.util.Random(2).nextBytes(sent);
        Message reused = Frames.read(in(frame(new Message(1, 2, 3, 4, 5, sent))), this.header, 4096);
        assertThat(reused.payload).isSameAs(spare).isEqualTo(sent);
        Message next = Frames.read(in(frame(new Message(1, 2, 3, 4, 5, sent))), this.header, 4096);
        assertThat(next.payload).as("a spare is handed out once").isNotSameAs(spare).isEqualTo(sent);
    }

    @Test
    void cleanEndBetweenFramesIsNull() throws IOException {
        assertThat(Frames.read(in(new byte[0]), this.header, 1024)).isNull();
    }

    @Test
    void badMagicIsReportedAfterTwoBytes() {
        assertThatThrownBy(() -> Frames.read(in("hi".getBytes()), this.header, 1024))
                .isInstanceOf(Frames.FrameException.class)
                .hasMessage("bad frame magic 0x6869 (expected 0x4d49)");
        assertThatThrownBy(() -> Frames.read(in(new byte[] { 0x4d }), this.header, 1024))
                .isInstanceOf(Frames.FrameException.class);
    }

    @Test
    void truncatedFramesAreReported() throws IOException {
        byte[] frame = frame(new Message(1, 2, 3, 4, 5, new byte[10]));
        for (int cut = 1; cut < frame.length; cut++) {
            byte[] part = Arrays.copyOf(frame, cut);
            assertThatThrownBy(() -> Frames.read(in(part), this.header, 1024))
                    .as("cut at %d", cut)
                    .isInstanceOf(Frames.FrameException.class)
                    .hasMessageStartingWith("stream ended inside a frame");
        }
    }

    @Test
    void oversizeAndNegativeLengthsAreRefusedBeforeAllocating() throws IOException {
        byte[] frame = frame(new Message(1, 2, 3, 4, 5, new byte[0]));
        frame[22] = 0x7f;
        assertThatThrownBy(() -> Frames.read(in(frame), this.header, 1024))
                .isInstanceOf(Frames.FrameException.class)
                .hasMessageContaining("exceeds the maximum message size of 1024 bytes");
        frame[22] = (byte) 0xff;
        assertThatThrownBy(() -> Frames.read(in(frame), this.header, 1024))
                .isInstanceOf(Frames.FrameException.class)
                .hasMessageContaining("exceeds the maximum");
    }

    @Test
    void deadReplyCarriesKindAndReason() {
        Message request = new Message(3, 1, 1, Handles.CALL_FUNCTION, 1234, null);
        Message dead = request.deadReply(3, Message.DEAD_REFUSED, "not from a parent");
        assertThat(dead.dstId).isEqualTo(1);
        assertThat(dead.handle).isEqualTo(1234);
        assertThat(dead.isDead()).isTrue();
        assertThat(dead.deadKind()).isEqualTo(Message.DEAD_REFUSED);
        assertThat(dead.deadReason()).isEqualTo("not from a parent");
        assertThat(dead.deadReply(1, Message.DEAD_REFUSED, "x")).as("no answer to an answer").isNull();
    }

    private static byte[] frame(Message message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeFrame(message, out);
        return out.toByteArray();
    }

    private static DataInputStream in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    /** One whole frame, as a stream writes it. */
    static void writeFrame(Message message, java.io.OutputStream out) throws IOException {
        byte[] header = new byte[Frames.HEADER_SIZE];
        Frames.writeHeader(message, header, 0);
        out.write(header);
        message.writeFrameBody(out);
    }
}
