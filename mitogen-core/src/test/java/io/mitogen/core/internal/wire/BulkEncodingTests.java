package io.mitogen.core.internal.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.mitogen.core.CodecException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Large {@code byte[]} values travel by reference: the bytes on the wire are the same as copied. */
class BulkEncodingTests {

    private final Codec codec = new Codec();

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aLargeArrayIsReferencedNotCopiedAndFramesAsIfItWere() throws Exception {
        byte[] big = random(Codec.BULK_MIN * 3 + 17, 1);
        byte[] other = random(Codec.BULK_MIN, 2);
        List<Object> value = List.of("before", big, 42, other, "after");
        Message message = this.codec.writer().write(value).message(1, 2, 2, 1000, 0);
        assertThat(message.hasBulk()).isTrue();
        // The head holds only the bytes around the arrays.
        assertThat(message.payload.length).isLessThan(100);
        assertThat(message.length()).isEqualTo(this.codec.encode(value).length);

        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        writeFrame(message, wire);
        Message read = Frames.read(new DataInputStream(new ByteArrayInputStream(wire.toByteArray())),
                new byte[Frames.HEADER_SIZE], Frames.DEFAULT_MAX_MESSAGE_SIZE);
        assertThat(read.hasBulk()).isFalse();
        assertThat(read.payload).isEqualTo(this.codec.encode(value));
        List<?> decoded = (List<?>) this.codec.decode(read.payload, 0, read.payload.length, List.class);
        assertThat((byte[]) decoded.get(1)).isEqualTo(big);
        assertThat((byte[]) decoded.get(3)).isEqualTo(other);
        assertThat(decoded.get(4)).isEqualTo("after");
    }

    @Test
    void flatteningGivesTheSameBytesAsAnEncodeAndReleasesTheSender() throws Exception {
        byte[] big = random(Codec.BULK_MIN + 1, 3);
        Message message = this.codec.writer().write(big).message(1, 2, 2, 1000, 0);
        assertThat(message.awaitWritten(0)).isFalse();
        Message flat = message.flattened();
        assertThat(flat.hasBulk()).isFalse();
        assertThat(flat.payload).isEqualTo(this.codec.encode(big));
        assertThat(message.awaitWritten(0)).isTrue();
    }

    @Test
    void toByteArrayIsTheFlatEncodingAndLeavesTheWriterAsItWas() {
        byte[] big = random(Codec.BULK_MIN * 2, 6);
        List<Object> value = List.of("a", big, "b", big);
        Codec.Writer writer = this.codec.writer().write(value);
        assertThat(writer.toByteArray()).isEqualTo(this.codec.encode(value)).isEqualTo(writer.toByteArray());
        Message message = writer.message(1, 2, 2, 1000, 0);
        assertThat(message.flattened().payload).isEqualTo(this.codec.encode(value));
        // The writer is empty afterwards, and what it writes next does not touch the message.
        writer.write("later");
        assertThat(message.flattened().payload).isEqualTo(this.codec.encode(value));
        assertThat(writer.toByteArray()).isEqualTo(this.codec.encode("later"));
    }

    @Test
    void smallArraysAreCopiedAsBefore() {
        byte[] small = random(Codec.BULK_MIN - 1, 4);
        Message message = this.codec.writer().write(small).message(1, 2, 2, 1000, 0);
        assertThat(message.hasBulk()).isFalse();
        assertThat(message.payload).isEqualTo(this.codec.encode(small));
    }

    @Test
    void aFailedWriteDropsTheArraysItReferenced() {
        byte[] big = random(Codec.BULK_MIN, 5);
        Codec.Writer writer = this.codec.writer().write("kept");
        assertThatThrownBy(() -> writer.write(Arrays.asList(big, new Object()))).isInstanceOf(CodecException.class);
        Message message = writer.message(1, 2, 2, 1000, 0);
        assertThat(message.hasBulk()).isFalse();
        assertThat(message.payload).isEqualTo(this.codec.encode("kept"));
    }

    @Test
    void oneLargeArrayGoesAsABulkFrameAndIsDecodedWithoutACopy() throws Exception {
        byte[] big = random(Codec.BULK_MIN * 4 + 3, 7);
        byte[] small = random(100, 8);
        List<Object> value = List.of("before", small, big, 42, "after");
        Message message = this.codec.writer().write(value).message(1, 2, 2, 1000, 0);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        writeFrame(message, wire);
        byte[] bytes = wire.toByteArray();
        assertThat(Frames.getInt(bytes, 0) >>> 16).as("magic MB").isEqualTo(Frames.BULK_MAGIC);

        Message read = Frames.read(new DataInputStream(new ByteArrayInputStream(bytes)),
                new byte[Frames.HEADER_SIZE], Frames.DEFAULT_MAX_MESSAGE_SIZE);

        assertThat(read.length()).isEqualTo(this.codec.encode(value).length);
        assertThat(read.flattened()).as("its own arrays: kept apart").isSameAs(read);
        assertThat(read.awaitWritten(0)).as("nobody waits for it").isTrue();
        Codec.Reader reader = this.codec.reader(read);
        List<?> decoded = (List<?>) reader.read(List.class);
        reader.expectEnd();
        assertThat(decoded.get(0)).isEqualTo("before");
        assertThat((byte[]) decoded.get(1)).isEqualTo(small);
        assertThat((byte[]) decoded.get(2)).isEqualTo(big).as("the frame's own array, not a copy").isSameAs(read.bulk[0]);
        assertThat(decoded.get(3)).isEqualTo(42);
        assertThat(decoded.get(4)).isEqualTo("after");
        // Relayed, it goes out as the same bytes.
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        writeFrame(read, again);
        assertThat(again.toByteArray()).isEqualTo(bytes);
    }

    @Test
    void aBulkFrameWhoseArrayIsLargerThanItsPayloadClosesTheStream() throws Exception {
        Message message = this.codec.writer().write(random(Codec.BULK_MIN, 9)).message(1, 2, 2, 1000, 0);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        writeFrame(message, wire);
        byte[] bytes = wire.toByteArray();
        Frames.putInt(bytes, Frames.HEADER_SIZE, Codec.BULK_MIN + 100);
        assertThatThrownBy(() -> Frames.read(new DataInputStream(new ByteArrayInputStream(bytes)),
                new byte[Frames.HEADER_SIZE], Frames.DEFAULT_MAX_MESSAGE_SIZE))
                .isInstanceOf(Frames.FrameException.class).hasMessageContaining("bulk");
    }

    /** One whole frame, as a stream writes it. */
    static void writeFrame(Message message, java.io.OutputStream out) throws IOException {
        byte[] header = new byte[Frames.HEADER_SIZE];
        Frames.writeHeader(message, header, 0);
        out.write(header);
        message.writeFrameBody(out);
    }
}
