package io.mitogen.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing (jqwik properties): random and mutated bytes into the codec for every kind of declared
 * type, and random and mutated frames into a router from a fake child's stream. Only a
 * {@link CodecException} or a clean close of that stream may come out: no other exception, no
 * hang, no allocation out of proportion to the input. A short run in every build; for a long
 * one by hand: {@code ./mvnw -o -B -pl mitogen-core -am -Dtest=FuzzTests -Djqwik.tries.default=20000 verify}.
 * Each property prints how many executions it ran.
 */
class FuzzTests {

    /** Allocation allowed per decode: a fixed amount plus a multiple of the input's size. */
    static final long ALLOCATION_BASE = 256 * 1024;

    static final long ALLOCATION_PER_BYTE = 64;

    static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
            .getThreadMXBean();

    static final Map<String, AtomicLong> EXECUTIONS = new java.util.concurrent.ConcurrentHashMap<>();

    static Broker broker;

    static Router router;

    static final AtomicInteger nextFakeChild = new AtomicInteger(50_000);

    static synchronized Router router() {
        if (router == null) {
            broker = new Broker();
            router = new Router(broker);
        }
        return router;
    }

    @AfterContainer
    static void stop() {
        EXECUTIONS.forEach((name, count) -> System.out.println("fuzz_executions " + name + " " + count.get()));
        if (broker != null) {
            broker.close();
        }
    }

    /** Every kind of declared type the codec decodes, as the parameters of a method. */
    @SuppressWarnings("unused")
    static void shapes(int i, Integer boxed, long l, double d, boolean b, char c, short s, byte y, float f, String text,
            byte[] bytes, int[] ints, long[] longs, String[] strings, List<String> list, Set<Integer> set,
            Map<String, List<Integer>> map, List<List<Object>> nested, Object any, BigInteger big, BigDecimal decimal,
            Tasks.Point record, Tasks.Colour colour, Map<Tasks.Colour, Tasks.Point> records, Throwable thrown,
            Context context, Secret secret) {
    }

    static final Type[] TYPES = shapesMethod().getGenericParameterTypes();

    static Method shapesMethod() {
        for (Method method : FuzzTests.class.getDeclaredMethods()) {
            if (method.getName().equals("shapes")) {
                return method;
            }
        }
        throw new IllegalStateException("no shapes method");
    }

    /** Sample values, one per declared type, whose encodings are mutated. */
    static final Object[] SAMPLES = { 42, 7, 1L << 40, 2.5, true, 'x', (short) 3, (byte) 4, 1.5f, "héllo",
        new byte[] { 1, 2, 3 }, new int[] { 1, 2 }, new long[] { 3 }, new String[] { "a", null }, List.of("a", "b"),
        Set.of(1, 2), Map.of("k", List.of(1, 2)), List.of(List.of("x", 1L, true)), Map.of("any", List.of(1)),
        BigInteger.TEN.pow(30), new BigDecimal("3.14159"), new Tasks.Point(1, 2), Tasks.Colour.GREEN,
        Map.of(Tasks.Colour.RED, new Tasks.Point(3, 4)), new IllegalStateException("boom"), null, null };

    @Property
    void randomBytesDecodeToAValueOrACodecException(@ForAll @Size(max = 300) byte[] bytes) {
        count("codec_random_bytes");
        for (Type type : TYPES) {
            decodeCleanly(bytes, type);
        }
    }

    @Property
    void mutatedEncodingsDecodeToAValueOrACodecException(@ForAll("mutatedEncodings") Mutated input) {
        count("codec_mutated_encodings");
        decodeCleanly(input.bytes, TYPES[input.typeIndex]);
        decodeCleanly(input.bytes, Object.class);
    }

    @Property
    void randomAndMutatedFramesFromAChildCloseOnlyItsStream(@ForAll("frameStreams") byte[] stream) throws Exception {
        count("router_frame_streams");
        Router master = router();
        int fakeId = nextFakeChild.getAndIncrement();
        Stream fake = new Stream("fuzz." + fakeId, new ByteArrayInputStream(stream), OutputStream.nullOutputStream(),
                Frames.DEFAULT_MAX_MESSAGE_SIZE);
        master.core.addRoute(fakeId, fake).get(10, TimeUnit.SECONDS);
        fake.start(new Stream.Listener() {
            @Override
            public void onMessage(Stream from, Message message) {
                master.core.onMessage(from, message);
            }

            @Override
            public void onDisconnect(Stream from, Throwable cause) {
                master.core.onDisconnect(from, cause);
            }
        });
        // No hang: the stream ends within seconds, cleanly or for a reason the reader expects.
        Throwable cause = fake.disconnected().get(20, TimeUnit.SECONDS);
        if (cause != null) {
            assertThat(cause).isInstanceOfAny(IOException.class, CodecException.class);
        }
        // The route goes once the router hears of the disconnection, just after the stream ends.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(1)).until(() -> master.core.routeTo(fakeId) == null);
    }

    @Provide
    Arbitrary<Mutated> mutatedEncodings() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, SAMPLES.length - 1);
        Arbitrary<List<Integer>> edits = Arbitraries.integers().list().ofMaxSize(6);
        return Combinators.combine(index, edits).as((i, e) -> new Mutated(i, mutate(encode(SAMPLES[i]), e)));
    }

    @Provide
    Arbitrary<byte[]> frameStreams() {
        Arbitrary<Integer> handles = Arbitraries.oneOf(Arbitraries.of(Handles.GET_CLASS, Handles.CALL_FUNCTION,
                Handles.FORWARD_LOG, Handles.ADD_ROUTE, Handles.DEL_ROUTE, Handles.ALLOCATE_ID, Handles.SHUTDOWN,
                Handles.CONNECT, Handles.STOP_CHILD, Handles.READY, Handles.CONFIG, Handles.PING, Handles.GET_RESOURCE,
                Handles.SET_LOG_LEVEL, Handles.ENABLE_DEBUG, Handles.DISCONNECT, Handles.CHANNEL_CLOSED,
                Handles.ROUTE_ADDED, Handles.CHANNEL_CREDIT, Handles.FIRST_DYNAMIC), Arbitraries.integers());
        Arbitrary<byte[]> payloads = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                mutatedEncodings().map((m) -> m.bytes));
        Arbitrary<byte[]> frames = Combinators.combine(handles, payloads, Arbitraries.integers().between(0, 3),
                Arbitraries.integers()).as((handle, payload, shape, any) -> frame(handle, payload, shape, any));
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, frames), net.jqwik.api.Tuple.of(1, garbage))
                .list().ofMaxSize(12).map(FuzzTests::concat);
    }

    /** One frame; {@code shape} picks honest ids (0, 1), forged ones (2) or a lying length (3). */
    static byte[] frame(int handle, byte[] payload, int shape, int any) {
        int fakeId = nextFakeChild.get();
        int src = (shape == 2) ? any : fakeId;
        Message message = new Message((shape == 1) ? any : 0, src, src, handle, (any & 1) == 0 ? 0 : any >>> 1, payload);
        byte[] bytes = io.mitogen.core.testing.RawFrames.of(message);
        if (shape == 3) {
            Frames.putInt(bytes, 22, any);
        }
        return bytes;
    }

    static byte[] concat(List<byte[]> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pieces.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static byte[] encode(Object value) {
        return router().codec.encode(value);
    }

    /** Each edit: flip a byte, drop the tail, or insert a byte, at a position the edit picks. */
    static byte[] mutate(byte[] original, List<Integer> edits) {
        byte[] bytes = original;
        for (int edit : edits) {
            if (bytes.length == 0) {
                bytes = new byte[] { (byte) edit };
                continue;
            }
            int at = Math.floorMod(edit >> 2, bytes.length);
            switch (edit & 3) {
                case 0:
                    bytes = bytes.clone();
                    bytes[at] ^= (byte) (1 << Math.floorMod(edit >> 8, 8));
                    break;
                case 1:
                    bytes = Arrays.copyOf(bytes, at);
                    break;
                case 2:
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) (edit >> 16);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                    break;
                default:
                    bytes = bytes.clone();
                    bytes[at] = (byte) 0x7f; // a large length or count prefix
                    break;
            }
        }
        return bytes;
    }

    static void decodeCleanly(byte[] bytes, Type type) {
        long allocated = decodeAndMeasure(bytes, type);
        if (allocated >= ALLOCATION_BASE + ALLOCATION_PER_BYTE * bytes.length) {
            // Once more: the first decode of a shape may load classes or build its plan (cached).
            allocated = decodeAndMeasure(bytes, type);
        }
        assertThat(allocated).as("bytes allocated decoding %d bytes as %s: %s", bytes.length, type.getTypeName(),
                Arrays.toString(bytes)).isLessThan(ALLOCATION_BASE + ALLOCATION_PER_BYTE * bytes.length);
    }

    /** Decodes, expecting a value or a CodecException only; returns the bytes this thread allocated. */
    static long decodeAndMeasure(byte[] bytes, Type type) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            router().codec.decode(bytes, 0, bytes.length, type);
        }
        catch (CodecException ex) {
            // the one failure a decoder may report
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    static void count(String name) {
        EXECUTIONS.computeIfAbsent(name, (k) -> new AtomicLong()).incrementAndGet();
    }

    /** A mutated encoding of {@code SAMPLES[typeIndex]}. */
    static final class Mutated {

        final int typeIndex;

        final byte[] bytes;

        Mutated(int typeIndex, byte[] bytes) {
            this.typeIndex = typeIndex;
            this.bytes = bytes;
        }

        @Override
        public String toString() {
            return "Mutated(" + TYPES[this.typeIndex].getTypeName() + ", " + Arrays.toString(this.bytes) + ")";
        }
    }
}
