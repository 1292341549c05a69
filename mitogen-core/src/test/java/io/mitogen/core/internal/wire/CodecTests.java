package io.mitogen.core.internal.wire;

import java.io.File;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import io.mitogen.core.CodecException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class CodecTests {

    private final Codec codec = new Codec(new MoneyAdapter());

    // ---------------------------------------------------------------- scalars

    @Test
    void scalarsRoundTripToTheirNaturalTypes() {
        Object[] values = { null, true, false, (byte) -5, (short) 300, 42, Integer.MIN_VALUE,
            Long.MIN_VALUE, 1.5f, -0.0d, Double.NaN, Float.NEGATIVE_INFINITY, 'x', '\uFFFF', "",
            "plain", new BigInteger("-123456789012345678901234567890"), BigInteger.ZERO,
            new BigDecimal("-1234.5678E-10"), new BigDecimal("1E+40") };
        for (Object value : values) {
            Object decoded = roundTrip(value, Object.class);
            assertThat(decoded).isEqualTo(value);
            if (value != null) {
                assertThat(decoded).isExactlyInstanceOf(value.getClass());
            }
        }
    }

    @Test
    void unicodeStringsRoundTrip() {
        String mixed = "h\u00e9llo w\u00f6rld \u2603 \uD83D\uDE00 \u4e2d\u6587";
        assertThat(roundTrip(mixed, String.class)).isEqualTo(mixed);
        StringBuilder big = new StringBuilder();
        while (big.length() < 200_000) {
            big.append(mixed);
        }
        // Past 64 Ki chars the writer measures the string first: exercise that path too.
        assertThat(roundTrip(big.toString(), CharSequence.class)).isEqualTo(big.toString());
    }

    @Test
    void stringBytesMatchTheJdkEncoderIncludingLoneSurrogates() {
        String odd = "a\uD800b\uDC00c\uD83D\uDE00\uD83D";
        byte[] encoded = this.codec.encode(odd);
        byte[] expected = odd.getBytes(StandardCharsets.UTF_8);
        assertThat(Arrays.copyOfRange(encoded, 5, encoded.length)).isEqualTo(expected);
        assertThat(roundTrip(odd, String.class)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
    }

    @Test
    void oneMebibyteByteArrayRoundTrips() {
        byte[] data = new byte[1 << 20];
        new Random(7).nextBytes(data);
        assertThat((byte[]) roundTrip(data, byte[].class)).isEqualTo(data);
        assertThat((byte[]) roundTrip(data, Object.class)).isEqualTo(data);
        assertThat((byte[]) roundTrip(new byte[0], byte[].class)).isEmpty();
    }

    // ---------------------------------------------------------------- collections, arrays

    @Test
    void nestedGenericStructureRoundTrips() {
        List<Map<String, List<Point>>> value = List.of(
                Map.of("a", List.of(new Point(1, 2), new Point(3, 4))),
                new LinkedHashMap<>(Map.of("empty", List.of())));
        Type declared = new TypeRef<List<Map<String, List<Point>>>>() { }.type();
        Object decoded = roundTrip(value, declared);
        assertThat(decoded).isInstanceOf(ArrayList.class).isEqualTo(value);
        assertThat(((List<?>) decoded).get(0)).isInstanceOf(LinkedHashMap.class);
    }

    @Test
    void collectionsDecodeToTheDocumentedImplementations() {
        Set<String> ordered = new LinkedHashSet<>(List.of("z", "a", "m"));
        Object set = roundTrip(ordered, new TypeRef<Set<String>>() { }.type());
        assertThat(set).isInstanceOf(LinkedHashSet.class);
        assertThat(new ArrayList<Object>((Set<?>) set)).containsExactly("z", "a", "m");

        assertThat(roundTrip(ordered, new TypeRef<SortedSet<String>>() { }.type()))
                .isInstanceOf(TreeSet.class).asInstanceOf(InstanceOfAssertFactories.ITERABLE)
                .containsExactly("a", "m", "z");
        assertThat(roundTrip(ordered, List.class)).isInstanceOf(ArrayList.class)
                .asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly("z", "a", "m");
        assertThat(roundTrip(List.of(3, 1), Set.class)).isInstanceOf(LinkedHashSet.class);
        assertThat(roundTrip(ordered, Collection.class)).isInstanceOf(LinkedHashSet.class);
        assertThat(roundTrip(List.of(1), Iterable.class)).isInstanceOf(ArrayList.class);
        assertThat(roundTrip(new ArrayList<>(ordered), Object.class)).isInstanceOf(ArrayList.class);
        assertThat(roundTrip(ordered, Object.class)).isInstanceOf(LinkedHashSet.class);

        Map<String, Integer> map = new HashMap<>(Map.of("b", 2, "a", 1));
        assertThat(roundTrip(map, new TypeRef<SortedMap<String, Long>>() { }.type()))
                .isInstanceOf(TreeMap.class).isEqualTo(Map.of("a", 1L, "b", 2L));
        assertThat(roundTrip(map, HashMap.class)).isInstanceOf(LinkedHashMap.class).isEqualTo(map);
        Map<Object, Object> nulls = new LinkedHashMap<>();
        nulls.put(null, null);
        assertThat(roundTrip(nulls, Map.class)).isEqualTo(nulls);
    }

    @Test
    void arraysRoundTripElementWise() {
        assertThat((int[]) roundTrip(new int[] { 1, -2, Integer.MAX_VALUE }, int[].class))
                .containsExactly(1, -2, Integer.MAX_VALUE);
        assertThat((long[]) roundTrip(new long[] { Long.MAX_VALUE }, long[].class))
                .containsExactly(Long.MAX_VALUE);
        assertThat((double[]) roundTrip(new double[] { 0.5 }, double[].class)).containsExactly(0.5);
        assertThat((float[]) roundTrip(new float[] { 0.25f }, float[].class)).containsExactly(0.25f);
        assertThat((boolean[]) roundTrip(new boolean[] { true, false }, boolean[].class))
                .containsExactly(true, false);
        assertThat((short[]) roundTrip(new short[] { 7 }, short[].class)).containsExactly((short) 7);
        assertThat((char[]) roundTrip(new char[] { 'q' }, char[].class)).containsExactly('q');
        assertThat((String[]) roundTrip(new String[] { "a", null, "c" }, String[].class))
                .containsExactly("a", null, "c");
        assertThat((Point[]) roundTrip(new Point[] { new Point(1, 2) }, Point[].class))
                .containsExactly(new Point(1, 2));
        assertThat((int[][]) roundTrip(new int[][] { { 1 }, { 2, 3 } }, int[][].class))
                .isDeepEqualTo(new int[][] { { 1 }, { 2, 3 } });
        // Widening applies per element, and an int[] under Object is a list.
        assertThat((long[]) roundTrip(new int[] { 5 }, long[].class)).containsExactly(5L);
        assertThat(roundTrip(new int[] { 5, 6 }, Object.class)).isEqualTo(List.of(5, 6));
        assertThat(roundTrip(new int[] { 5, 6 }, new TypeRef<List<Long>>() { }.type()))
                .isEqualTo(List.of(5L, 6L));
    }

    // ---------------------------------------------------------------- enums and records

    @Test
    void enumsTravelByName() {
        assertThat(roundTrip(Color.GREEN, Color.class)).isSameAs(Color.GREEN);
        assertThat(roundTrip(Op.PLUS, Op.class)).isSameAs(Op.PLUS);
        assertThat(Op.PLUS.getClass()).isNotEqualTo(Op.class);
        assertThat(roundTrip(Color.GREEN, Object.class)).isEqualTo("GREEN");
        assertThat(roundTrip(List.of(Color.RED), new TypeRef<List<Color>>() { }.type()))
                .isEqualTo(List.of(Color.RED));
    }

    @Test
    void unknownEnumConstantIsRefusedNamingEnumAndValue() {
        byte[] bytes = this.codec.encode(Color.BLUE);
        assertThatThrownBy(() -> decode(bytes, Shade.class)).isInstanceOf(CodecException.class)
                .hasMessageContaining(Shade.class.getName()).hasMessageContaining("'BLUE'");
    }

    @Test
    void recordsRoundTripThroughTheirCanonicalConstructor() {
        Line line = new Line(new Point(0, 0), new Point(3, 4), Color.RED, List.of("x", "y"), null);
        assertThat(roundTrip(line, Line.class)).isEqualTo(line);
        Node tree = new Node("root", List.of(new Node("leaf", List.of())));
        assertThat(roundTrip(tree, Node.class)).isEqualTo(tree);
        assertThat(roundTrip(new Box<>("content"), new TypeRef<Box<String>>() { }.type()))
                .isEqualTo(new Box<>("content"));
    }

    @Test
    void encodedRecordCarriesNoClassName() {
        byte[] bytes = this.codec.encode(new Line(new Point(1, 2), new Point(3, 4), Color.RED,
                List.of(), null));
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("Point").doesNotContain("Line").doesNotContain("CodecTests")
                .doesNotContain("io.mitogen");
        assertThat(bytes[0]).isEqualTo((byte) Tags.RECORD);
    }

    @Test
    void recordValidationFailureBecomesCodecException() {
        byte[] bytes = this.codec.encode(new Point(-1, 0));
        assertThatThrownBy(() -> decode(bytes, Positive.class)).isInstanceOf(CodecException.class)
                .hasMessageContaining(Positive.class.getName()).hasMessageContaining("negative");
    }

    @Test
    void recordComponentCountMustMatch() {
        byte[] bytes = this.codec.encode(new Box<>(1));
        assertThatThrownBy(() -> decode(bytes, Point.class)).isInstanceOf(CodecException.class)
                .hasMessageContaining("has 2 components").hasMessageContaining("carries 1");
    }

    @Test
    void recordUnderObjectIsRefused() {
        byte[] bytes = this.codec.encode(List.of(new Point(1, 2)));
        assertThatThrownBy(() -> decode(bytes, Object.class)).isInstanceOf(CodecException.class)
                .hasMessageContaining("a record arrives only where the declared type is that record");
    }

    // ---------------------------------------------------------------- declared types and widening

    @Test
    void losslessWideningIsAccepted() {
        assertThat(roundTrip((byte) 7, int.class)).isEqualTo(7);
        assertThat(roundTrip((byte) 7, short.class)).isEqualTo((short) 7);
        assertThat(roundTrip((byte) 7, float.class)).isEqualTo(7f);
        assertThat(roundTrip((short) 7, long.class)).isEqualTo(7L);
        assertThat(roundTrip(7, Long.class)).isEqualTo(7L);
        assertThat(roundTrip(7, double.class)).isEqualTo(7d);
        assertThat(roundTrip('A', int.class)).isEqualTo(65);
        assertThat(roundTrip('A', long.class)).isEqualTo(65L);
        assertThat(roundTrip(1.5f, double.class)).isEqualTo(1.5d);
        assertThat(roundTrip(Long.MAX_VALUE, BigInteger.class)).isEqualTo(BigInteger.valueOf(Long.MAX_VALUE));
        assertThat(roundTrip(BigInteger.TEN, BigDecimal.class)).isEqualTo(BigDecimal.TEN);
        assertThat(roundTrip(3.25, Number.class)).isEqualTo(3.25);
        assertThat(roundTrip(BigInteger.TWO, Number.class)).isEqualTo(BigInteger.TWO);
        assertThat(roundTrip(null, Integer.class)).isNull();
        assertThat(roundTrip("s", java.io.Serializable.class)).isEqualTo("s");
    }

    @Test
    void lossyOrMismatchedDecodingIsRefusedNamingBoth() {
        assertRefused("text", int.class, "STRING", "int");
        assertRefused(5L, int.class, "LONG", "int");
        assertRefused(5, float.class, "INT", "float");
        assertRefused(5L, double.class, "LONG", "double");
        assertRefused(1.5d, Float.class, "DOUBLE", "java.lang.Float");
        assertRefused(null, int.class, "NULL", "primitive");
        assertRefused(List.of(1), String.class, "LIST", "java.lang.String");
        assertRefused("x", File.class, "STRING", "java.io.File");
        assertRefused(List.of(1), LinkedList.class, "LinkedList", "declare");
        assertRefused(new Money("EUR", 1), String.class, "EXT_2", "java.lang.String");
    }

    // ---------------------------------------------------------------- refusals on encode

    @Test
    void unsupportedTypesAreRefusedWithTheAllowedList() {
        Supplier<String> lambda = () -> "x";
        Object[] refused = { new File("/tmp"), Thread.currentThread(), new Pojo(), lambda,
            new Object[] { 1, new File("x") }, List.of(Map.of("k", new Pojo())) };
        for (Object value : refused) {
            Throwable thrown = catchThrowable(() -> this.codec.encode(value));
            assertThat(thrown).isInstanceOf(CodecException.class)
                    .hasMessageContaining("is not a type mitogen can carry; allowed: ")
                    .hasMessageContaining(Codec.allowedTypes());
        }
        assertThatThrownBy(() -> this.codec.encode(new File("/tmp")))
                .hasMessageStartingWith("java.io.File is not a type mitogen can carry");
        assertThatThrownBy(() -> this.codec.encode(lambda)).hasMessageContaining("lambda");
        assertThatThrownBy(() -> this.codec.encode(new Pojo())).hasMessageContaining(Pojo.class.getName());
    }

    @Test
    void failedWriteLeavesTheWriterUnchanged() {
        Codec.Writer writer = this.codec.writer();
        writer.write(1);
        int size = writer.size();
        assertThatThrownBy(() -> writer.write(List.of("fine", new Pojo())))
                .isInstanceOf(CodecException.class);
        assertThat(writer.size()).isEqualTo(size);
        writer.write(2);
        byte[] written = writer.toByteArray();
        Codec.Reader reader = this.codec.reader(written, 0, written.length);
        assertThat(reader.read(int.class)).isEqualTo(1);
        assertThat(reader.read(int.class)).isEqualTo(2);
        reader.expectEnd();
        writer.write(3);
        writer.reset();
        assertThat(writer.size()).isZero();
    }

    // ---------------------------------------------------------------- malformed input

    @Test
    void everyTruncationIsACodecException() {
        Object value = List.of(Map.of("k", List.of(1, 2L)), 1.5, 'c', "str",
                new BigDecimal("1.25"), Color.RED, new byte[] { 1, 2 }, Set.of(7L), new Money("USD", 3));
        Type declared = new TypeRef<List<Object>>() { }.type();
        byte[] full = this.codec.encode(List.of(new Line(new Point(1, 2), new Point(3, 4), Color.RED,
                List.of("a"), new BigDecimal("9.5"))));
        for (int len = 0; len < full.length; len++) {
            int cut = len;
            assertThatThrownBy(() -> this.codec.decode(full, 0, cut, new TypeRef<List<Line>>() { }.type()))
                    .as("prefix of %d bytes", cut).isInstanceOf(CodecException.class);
        }
        assertThat(this.codec.decode(full, 0, full.length, new TypeRef<List<Line>>() { }.type()))
                .asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(1);
        byte[] natural = this.codec.encode(value);
        for (int len = 0; len < natural.length; len++) {
            int cut = len;
            assertThatThrownBy(() -> this.codec.decode(natural, 0, cut, declared))
                    .as("prefix of %d bytes", cut).isInstanceOf(CodecException.class);
        }
        assertThat(this.codec.decode(natural, 0, natural.length, declared))
                .asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(9);
    }

    @Test
    void hugeCountsFailFastWithoutAllocating() {
        int[] tags = { Tags.LIST, Tags.SET, Tags.MAP, Tags.STRING, Tags.BYTES, Tags.BIGINT, Tags.ENUM };
        for (int tag : tags) {
            byte[] bytes = { (byte) tag, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 1 };
            assertThatThrownBy(() -> decode(bytes, Object.class)).isInstanceOf(CodecException.class)
                    .hasMessageContaining("2147483647");
        }
        byte[] list = { (byte) Tags.LIST, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff };
        assertThatThrownBy(() -> decode(list, long[].class)).isInstanceOf(CodecException.class);
        byte[] negative = { (byte) Tags.LIST, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe };
        assertThatThrownBy(() -> decode(negative, Object.class)).isInstanceOf(CodecException.class);
        byte[] record = { (byte) Tags.RECORD, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff };
        assertThatThrownBy(() -> decode(record, Point.class)).isInstanceOf(CodecException.class);
    }

    @Test
    void unknownTagsAreReportedWithValueAndPosition() {
        assertThatThrownBy(() -> decode(new byte[] { (byte) Tags.LIST, 0, 0, 0, 1, 0x63 }, Object.class))
                .isInstanceOf(CodecException.class).hasMessageContaining("0x63")
                .hasMessageContaining("position 5");
        assertThatThrownBy(() -> decode(new byte[] { 0 }, int.class)).hasMessageContaining("0x00");
        assertThatThrownBy(() -> decode(new byte[] { (byte) Codec.TAG_EXT_7 }, Object.class))
                .hasMessageContaining("EXT_7").hasMessageContaining("no registered ValueAdapter");
    }

    @Test
    void excessiveDepthIsRefusedOnEncodeAndDecode() {
        Object ok = nest(64);
        byte[] bytes = this.codec.encode(ok);
        assertThat(decode(bytes, Object.class)).isEqualTo(ok);
        assertThatThrownBy(() -> this.codec.encode(nest(65))).isInstanceOf(CodecException.class)
                .hasMessageContaining("deeper than 64");
        // A forged stream of 100k nested one-element lists must not exhaust the stack.
        byte[] forged = new byte[100_000 * 5 + 1];
        for (int i = 0; i < 100_000; i++) {
            forged[i * 5] = (byte) Tags.LIST;
            forged[i * 5 + 4] = 1;
        }
        forged[forged.length - 1] = (byte) Tags.NULL;
        assertThatThrownBy(() -> decode(forged, Object.class)).isInstanceOf(CodecException.class)
                .hasMessageContaining("deeper than 64");
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] one = this.codec.encode(1);
        byte[] longer = Arrays.copyOf(one, one.length + 1);
        longer[one.length] = (byte) Tags.NULL;
        assertThatThrownBy(() -> decode(longer, int.class)).isInstanceOf(CodecException.class)
                .hasMessageContaining("1 trailing bytes");
    }

    @Test
    void slicesAreHonouredAndValidated() {
        byte[] value = this.codec.encode("mid");
        byte[] framed = new byte[value.length + 6];
        System.arraycopy(value, 0, framed, 3, value.length);
        assertThat(this.codec.decode(framed, 3, value.length, String.class)).isEqualTo("mid");
        assertThatThrownBy(() -> this.codec.decode(framed, 4, framed.length, String.class))
                .isInstanceOf(CodecException.class);
    }

    // ---------------------------------------------------------------- adapters and raw helpers

    @Test
    void adapterValuesRoundTrip() {
        Money money = new Money("EUR", 1234);
        byte[] bytes = this.codec.encode(money);
        assertThat(bytes[0]).isEqualTo((byte) Codec.TAG_EXT_2);
        assertThat(decode(bytes, Money.class)).isEqualTo(money);
        assertThat(decode(bytes, Object.class)).isEqualTo(money);
        assertThat(roundTrip(List.of(money, money), new TypeRef<List<Money>>() { }.type()))
                .isEqualTo(List.of(money, money));
        assertThatThrownBy(() -> this.codec.encode(new Money("boom", 0)))
                .isInstanceOf(CodecException.class).hasMessageContaining("failed to write");
    }

    @Test
    void adaptersWinOverCollectionRulesInRegistrationOrder() {
        ValueAdapter<Bag> bags = new ValueAdapter<>() {
            public Class<Bag> type() { return Bag.class; }
            public int tag() { return Codec.TAG_EXT_0; }
            public void write(Bag value, Codec.Writer out) { out.writeInt(value.size()); }
            public Bag read(Codec.Reader in, Type declared) { return new Bag(in.readInt()); }
        };
        Codec withBags = new Codec(bags);
        byte[] bytes = withBags.encode(new Bag(3));
        assertThat(bytes[0]).isEqualTo((byte) Codec.TAG_EXT_0);
        assertThat(withBags.decode(bytes, 0, bytes.length, Bag.class)).isEqualTo(new Bag(3));
        assertThatThrownBy(() -> new Codec(bags, bags)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Codec(new MoneyAdapter() {
            @Override
            public int tag() { return Tags.LIST; }
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TAG_EXT_0");
    }

    @Test
    void rawHelpersRoundTrip() {
        Codec.Writer writer = this.codec.writer();
        writer.writeInt(-7).writeLong(Long.MIN_VALUE).writeString("\u00e9t\u00e9").writeString(null)
                .write(Color.RED);
        byte[] bytes = writer.toByteArray();
        assertThat(bytes).hasSize(writer.size());
        Codec.Reader reader = this.codec.reader(bytes, 0, bytes.length);
        assertThat(reader.readInt()).isEqualTo(-7);
        assertThat(reader.readLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(reader.readString()).isEqualTo("\u00e9t\u00e9");
        assertThat(reader.readString()).isNull();
        assertThat(reader.position()).isEqualTo(4 + 8 + 4 + 5 + 4);
        assertThat(reader.hasRemaining()).isTrue();
        assertThat(reader.read(Color.class)).isEqualTo(Color.RED);
        assertThat(reader.hasRemaining()).isFalse();
        reader.expectEnd();
        assertThatThrownBy(reader::readInt).isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    // ---------------------------------------------------------------- helpers and fixtures

    private Object roundTrip(Object value, Type declared) {
        return decode(this.codec.encode(value), declared);
    }

    private Object decode(byte[] bytes, Type declared) {
        return this.codec.decode(bytes, 0, bytes.length, declared);
    }

    private void assertRefused(Object value, Type declared, String... fragments) {
        Throwable thrown = catchThrowable(() -> roundTrip(value, declared));
        assertThat(thrown).as("%s as %s", value, declared).isInstanceOf(CodecException.class);
        for (String fragment : fragments) {
            assertThat(thrown).hasMessageContaining(fragment);
        }
    }

    private static Object nest(int levels) {
        Object value = "leaf";
        for (int i = 0; i < levels; i++) {
            value = List.of(value);
        }
        return value;
    }

    /** Captures a generic type: {@code new TypeRef<List<String>>() { }.type()}. */
    abstract static class TypeRef<T> {
        Type type() {
            return ((ParameterizedType) getClass().getGenericSuperclass()).getActualTypeArguments()[0];
        }
    }

    record Point(int x, int y) {
    }

    record Line(Point from, Point to, Color color, List<String> tags, BigDecimal weight) {
    }

    record Node(String name, List<Node> children) {
    }

    record Box<T>(T content) {
    }

    record Positive(int x, int y) {
        Positive {
            if (x < 0) {
                throw new IllegalArgumentException("x must not be negative");
            }
        }
    }

    enum Color { RED, GREEN, BLUE }

    enum Shade { RED, GREEN }

    enum Op {
        PLUS {
            @Override
            int apply(int a, int b) {
                return a + b;
            }
        };

        abstract int apply(int a, int b);
    }

    static final class Pojo {
        int field = 1;
    }

    static final class Bag extends ArrayList<String> {
        private static final long serialVersionUID = 1L;
        private final int n;

        Bag(int n) {
            this.n = n;
        }

        @Override
        public int size() {
            return this.n;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bag && ((Bag) other).n == this.n;
        }

        @Override
        public int hashCode() {
            return this.n;
        }
    }

    static final class Money {
        final String currency;
        final long cents;

        Money(String currency, long cents) {
            this.currency = currency;
            this.cents = cents;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Money m && m.currency.equals(this.currency) && m.cents == this.cents;
        }

        @Override
        public int hashCode() {
            return this.currency.hashCode();
        }
    }

    static class MoneyAdapter implements ValueAdapter<Money> {
        @Override
        public Class<Money> type() {
            return Money.class;
        }

        @Override
        public int tag() {
            return Codec.TAG_EXT_2;
        }

        @Override
        public void write(Money value, Codec.Writer out) {
            if (value.currency.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            out.writeString(value.currency).writeLong(value.cents);
        }

        @Override
        public Money read(Codec.Reader in, Type declared) {
            return new Money(in.readString(), in.readLong());
        }
    }
}
