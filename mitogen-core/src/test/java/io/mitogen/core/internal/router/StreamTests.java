package io.mitogen.core.internal.router;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.wire.Message;
import io.mitogen.core.testing.RawFrames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@link Stream} between two OS pipes, the test playing the peer: frames it writes arrive at
 * the listener, frames sent on the stream come out whole and in order, and a bad frame or the
 * end of input ends the stream once, telling the listener why.
 */
class StreamTests {

    private static final int MAX = 1 << 20;

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The peer writes here; the stream reads it. */
    private final Pipe toStream = open();

    /** The stream writes here; the peer reads it. */
    private final Pipe fromStream = open();

    private final OutputStream peerOut = Channels.newOutputStream(this.toStream.sink());

    private final DataInputStream peerIn = new DataInputStream(Channels.newInputStream(this.fromStream.source()));

    private final Recorder listener = new Recorder();

    private final Stream stream = new Stream("peer", Channels.newInputStream(this.toStream.source()),
            Channels.newOutputStream(this.fromStream.sink()), MAX);

    @AfterEach
    void closeBothEnds() throws IOException {
        // The peer's output ends the stream's reader; close() ends its writer.
        this.peerOut.close();
        this.stream.close();
        await().atMost(WAIT).until(() -> this.stream.disconnected().isDone() && this.stream.writerDone().isDone());
        this.peerIn.close();
    }

    @Test
    void framesFromThePeerArriveWholeAndInOrder() throws IOException {
        this.stream.start(this.listener);
        for (int i = 0; i < 100; i++) {
            this.peerOut.write(RawFrames.of(new Message(1, 2, 3, 1000 + i, i, payload(i * 37))));
        }
        this.peerOut.flush();
        await().atMost(WAIT).until(() -> this.listener.messages.size() == 100);
        for (int i = 0; i < 100; i++) {
            Message m = this.listener.messages.get(i);
            assertThat(m.dstId).isEqualTo(1);
            assertThat(m.srcId).isEqualTo(2);
            assertThat(m.authId).isEqualTo(3);
            assertThat(m.handle).isEqualTo(1000 + i);
            assertThat(m.replyTo).isEqualTo(i);
            assertThat(m.payload).isEqualTo(payload(i * 37));
        }
        assertThat(this.listener.streams).containsOnly(this.stream);
        assertThat(this.stream.disconnected()).isNotDone();
    }

    @Test
    void aFrameSplitAcrossWritesIsDeliveredOnceWhole() throws IOException {
        this.stream.start(this.listener);
        byte[] frame = RawFrames.of(new Message(1, 2, 3, 4, 5, payload(1000)));
        for (int i = 0; i < frame.length; i += 7) {
            this.peerOut.write(frame, i, Math.min(7, frame.length - i));
            this.peerOut.flush();
        }
        await().atMost(WAIT).until(() -> this.listener.messages.size() == 1);
        assertThat(this.listener.messages.get(0).payload).isEqualTo(payload(1000));
    }

    @Test
    void framesSentComeOutWholeAndInTheSendersOrderSmallAndLarge() throws IOException {
        this.stream.start(this.listener);
        // Small ones are written by this thread, large ones by the writer thread: order holds across both.
        int[] sizes = { 0, 10, 40_000, 5, 200_000, 16 * 1024, 16 * 1024 + 1, 3 };
        // Read while sending: a small frame written by this thread could wait for a full pipe.
        CompletableFuture<List<Message>> read = readFrames(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            this.stream.send(new Message(7, 0, 0, 2000 + i, 0, payload(sizes[i])));
        }
        List<Message> frames = read.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        long expected = 0;
        for (int i = 0; i < sizes.length; i++) {
            Message m = frames.get(i);
            assertThat(m).as("frame %d", i).isNotNull();
            assertThat(m.handle).isEqualTo(2000 + i);
            assertThat(m.dstId).isEqualTo(7);
            assertThat(m.payload).isEqualTo(payload(sizes[i]));
            expected += Frames.HEADER_SIZE + sizes[i];
        }
        long total = expected;
        await().atMost(WAIT).until(() -> this.stream.bytesSent() == total);
    }

    @Test
    void framesSentBeforeStartAreWrittenOnceItStarts() throws IOException {
        // Not started: no writer thread may run yet (a failed write reports to the listener).
        this.stream.send(new Message(7, 0, 0, 1, 0, payload(100_000)));
        this.stream.start(this.listener);
        Message m = Frames.read(this.peerIn, new byte[Frames.HEADER_SIZE], MAX);
        assertThat(m.payload).isEqualTo(payload(100_000));
    }

    @Test
    void bytesBothWaysAreCountedInTheStreamAndInTheRoutersTotals() throws IOException {
        Stream.Traffic traffic = new Stream.Traffic();
        this.stream.countInto(traffic);
        this.stream.start(this.listener);
        this.peerOut.write(RawFrames.of(new Message(1, 2, 3, 4, 5, payload(10))));
        this.peerOut.flush();
        await().atMost(WAIT).until(() -> this.listener.messages.size() == 1);
        this.stream.send(new Message(7, 0, 0, 1, 0, payload(20)));
        Frames.read(this.peerIn, new byte[Frames.HEADER_SIZE], MAX);
        assertThat(this.stream.bytesReceived()).isEqualTo(Frames.HEADER_SIZE + 10);
        assertThat(traffic.received()).isEqualTo(Frames.HEADER_SIZE + 10);
        assertThat(traffic.framesReceived()).isEqualTo(1);
        await().atMost(WAIT).until(() -> this.stream.bytesSent() == Frames.HEADER_SIZE + 20);
        assertThat(traffic.sent()).isEqualTo(Frames.HEADER_SIZE + 20);
    }

    @Test
    void aBadFrameEndsTheStreamOnceWithTheReason() throws IOException {
        this.stream.start(this.listener);
        this.peerOut.write(RawFrames.of(new Message(1, 2, 3, 4, 5, payload(3))));
        this.peerOut.write("garbage that is no frame".getBytes());
        this.peerOut.flush();
        await().atMost(WAIT).until(() -> this.stream.disconnected().isDone());
        assertThat(this.listener.messages).hasSize(1);
        assertThat(this.stream.disconnected().join()).isInstanceOf(Frames.FrameException.class)
                .hasMessageContaining("bad frame magic");
        await().atMost(WAIT).until(() -> this.listener.disconnects.size() == 1);
        assertThat(this.listener.disconnects.get(0)).isSameAs(this.stream.disconnected().join());
        // The stream closed its output: the peer sees a clean end, and later sends are dropped.
        this.stream.send(new Message(7, 0, 0, 1, 0, payload(5)));
        assertThat(Frames.read(this.peerIn, new byte[Frames.HEADER_SIZE], MAX)).isNull();
        assertThat(this.listener.disconnects).hasSize(1);
    }

    @Test
    void aFrameOverTheStreamsLimitEndsTheStream() throws IOException {
        this.stream.start(this.listener);
        Pipe pipe = open();
        Stream small = new Stream("small", Channels.newInputStream(pipe.source()), OutputStream.nullOutputStream(), 100);
        Recorder recorder = new Recorder();
        small.start(recorder);
        try (OutputStream out = Channels.newOutputStream(pipe.sink())) {
            out.write(RawFrames.of(new Message(1, 2, 3, 4, 5, payload(100))));
            out.write(RawFrames.of(new Message(1, 2, 3, 4, 5, payload(101))));
            out.flush();
            await().atMost(WAIT).until(() -> small.disconnected().isDone());
        }
        assertThat(small.disconnected().join()).isInstanceOf(Frames.FrameException.class)
                .hasMessage("frame of 101 bytes exceeds the maximum message size of 100 bytes");
        assertThat(recorder.messages).as("the frame at the limit passed").hasSize(1);
        await().atMost(WAIT).until(() -> small.writerDone().isDone());
        pipe.source().close();
    }

    @Test
    void theEndOfThePeersOutputIsACleanDisconnect() throws IOException {
        this.stream.start(this.listener);
        this.peerOut.write(RawFrames.of(new Message(1, 2, 3, 4, 5, null)));
        this.peerOut.close();
        await().atMost(WAIT).until(() -> this.listener.disconnects.size() == 1);
        assertThat(this.listener.messages).hasSize(1);
        assertThat(this.listener.disconnects.get(0)).isNull();
        assertThat(this.stream.disconnected()).isCompletedWithValue(null);
    }

    @Test
    void anEndInsideAFrameIsNotClean() throws IOException {
        this.stream.start(this.listener);
        byte[] frame = RawFrames.of(new Message(1, 2, 3, 4, 5, payload(50)));
        this.peerOut.write(frame, 0, frame.length - 1);
        this.peerOut.close();
        await().atMost(WAIT).until(() -> this.listener.disconnects.size() == 1);
        assertThat(this.listener.disconnects.get(0)).isInstanceOf(Frames.FrameException.class)
                .hasMessageStartingWith("stream ended inside a frame");
        assertThat(this.listener.messages).isEmpty();
    }

    @Test
    void closeWritesWhatIsQueuedThenEndsThePeersInput() throws IOException {
        this.stream.start(this.listener);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] bytes = payload(50_000 + i);
            sent.add(bytes);
            this.stream.send(new Message(7, 0, 0, 1, 0, bytes));
        }
        this.stream.close();
        byte[] header = new byte[Frames.HEADER_SIZE];
        for (byte[] bytes : sent) {
            assertThat(Frames.read(this.peerIn, header, MAX).payload).isEqualTo(bytes);
        }
        assertThat(Frames.read(this.peerIn, header, MAX)).as("a clean end after the last frame").isNull();
        await().atMost(WAIT).until(() -> this.stream.writerDone().isDone());
        assertThat(this.stream.disconnected()).as("closing is not the peer going away").isNotDone();
    }

    @Test
    void aPeerThatStopsReadingIsGoneWhenItsInputCloses() throws IOException {
        this.stream.start(this.listener);
        this.peerIn.close();
        // The writer finds the pipe closed: the peer is gone, even though its output is still open.
        CompletableFuture<Throwable> gone = this.stream.disconnected();
        await().atMost(WAIT).until(() -> {
            this.stream.send(new Message(7, 0, 0, 1, 0, payload(100)));
            return gone.isDone();
        });
        assertThat(gone.join()).isInstanceOf(IOException.class);
        await().atMost(WAIT).until(() -> this.listener.disconnects.size() == 1);
    }

    @Test
    void aListenerThatThrowsEndsOnlyThisStream() throws IOException {
        this.stream.start(new Recorder() {
            @Override
            public void onMessage(Stream stream, Message message) {
                throw new IllegalStateException("listener bug");
            }
        });
        this.peerOut.write(RawFrames.of(new Message(1, 2, 3, 4, 5, null)));
        this.peerOut.flush();
        await().atMost(WAIT).until(() -> this.stream.disconnected().isDone());
        assertThat(this.stream.disconnected().join()).isInstanceOf(IllegalStateException.class)
                .hasMessage("listener bug");
    }

    @Test
    void nameAndToStringNameThePeer() {
        this.stream.start(this.listener);
        assertThat(this.stream.name()).isEqualTo("peer");
        assertThat(this.stream).hasToString("Stream(peer)");
    }

    /** Reads {@code count} frames on a thread of its own, as a peer reading while the stream writes. */
    private CompletableFuture<List<Message>> readFrames(int count) {
        CompletableFuture<List<Message>> frames = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                List<Message> read = new ArrayList<>();
                byte[] header = new byte[Frames.HEADER_SIZE];
                for (int i = 0; i < count; i++) {
                    read.add(Frames.read(this.peerIn, header, MAX));
                }
                frames.complete(read);
            }
            catch (IOException | RuntimeException ex) {
                frames.completeExceptionally(ex);
            }
        }, "peer-reader");
        reader.setDaemon(true);
        reader.start();
        return frames;
    }

    private static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static Pipe open() {
        try {
            return Pipe.open();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Remembers what the stream's reader hands it. */
    static class Recorder implements Stream.Listener {

        final List<Message> messages = new CopyOnWriteArrayList<>();

        final List<Stream> streams = new CopyOnWriteArrayList<>();

        final List<Throwable> disconnects = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(Stream stream, Message message) {
            this.streams.add(stream);
            this.messages.add(message);
        }

        @Override
        public void onDisconnect(Stream stream, Throwable cause) {
            this.disconnects.add(cause);
        }
    }
}
