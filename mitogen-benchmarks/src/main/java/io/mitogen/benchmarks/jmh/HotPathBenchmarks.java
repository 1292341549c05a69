package io.mitogen.benchmarks.jmh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.mitogen.core.internal.router.MessageRouter.Policy;
import io.mitogen.core.internal.router.MessageRouter;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.wire.Message;

/**
 * The pieces every call goes through, measured alone: framing a message, encoding and decoding
 * a call's payload, and routing one message to a handler. Run with
 * {@code java -jar mitogen-benchmarks.jar --jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmarks {

    private final Codec codec = new Codec();

    private Message message;

    private byte[] frame;

    private byte[] header;

    private byte[] callPayload;

    private MessageRouter router;

    private Message toHandler;

    /** A call's payload as a child decodes it: class, method, descriptor and arguments. */
    private static final List<Object> ARGS = List.of(42, "a string argument", Map.of("key", List.of(1L, 2L)));

    @Setup
    public void setUp() throws IOException {
        this.callPayload = encodeCall();
        this.message = new Message(3, 0, 0, 101, 1000, this.callPayload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        this.header = new byte[Frames.HEADER_SIZE];
        Frames.writeHeader(this.message, this.header, 0);
        out.write(this.header);
        this.message.writeFrameBody(out);
        this.frame = out.toByteArray();
        this.router = new MessageRouter(0, new int[0], null);
        int handle = this.router.addHandler((m, in) -> { }, Policy.ANY);
        this.toHandler = new Message(0, 0, 0, handle, 0, this.callPayload);
    }

    @Benchmark
    public void frameWrite(Blackhole blackhole) {
        Frames.writeHeader(this.message, this.header, 0);
        blackhole.consume(this.header);
    }

    @Benchmark
    public Message frameRead() throws IOException {
        return Frames.read(new DataInputStream(new ByteArrayInputStream(this.frame)), this.header, 1 << 20);
    }

    @Benchmark
    public byte[] callEncode() {
        return encodeCall();
    }

    @Benchmark
    public void callDecode(Blackhole blackhole) {
        Codec.Reader in = this.codec.reader(this.callPayload, 0, this.callPayload.length);
        blackhole.consume(in.readString());
        blackhole.consume(in.readString());
        blackhole.consume(in.readString());
        int count = in.readInt();
        blackhole.consume(in.read(int.class));
        blackhole.consume(in.read(String.class));
        blackhole.consume(in.read(Map.class));
        blackhole.consume(count);
    }

    @Benchmark
    public void routeToLocalHandler() {
        this.router.send(this.toHandler);
    }

    private byte[] encodeCall() {
        Codec.Writer out = this.codec.writer().writeString("com.example.Tasks").writeString("work")
            .writeString("(ILjava/lang/String;Ljava/util/Map;)Ljava/lang/String;");
        out.writeInt(ARGS.size());
        for (Object arg : ARGS) {
            out.write(arg);
        }
        return out.toByteArray();
    }

}
