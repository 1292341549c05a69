package io.mitogen.core.internal.wire;

import java.lang.reflect.Type;

/**
 * Teaches a {@link Codec} to carry one extra type, so that API types defined outside this package
 * (contexts, senders, secrets, exceptions) cross the wire without {@code wire} depending on them.
 * <p>
 * Each adapter owns one of the eight reserved tags {@link Codec#TAG_EXT_0} to
 * {@link Codec#TAG_EXT_7}. On encode, a value whose runtime class is assignable to {@link #type()}
 * is written as that tag followed by whatever {@link #write} emits; adapters are consulted in
 * registration order before the built-in collection, map and record rules. On decode, the tag is
 * accepted where the declared type is {@code Object} or related to {@link #type()} by
 * assignability. Implementations must be thread-safe (a codec is shared) and should write and read
 * exactly the same sequence of fields.
 *
 * @param <T> the carried type
 */
public interface ValueAdapter<T> {

    /** The carried type; encode uses this adapter for any value that is an instance of it. */
    Class<T> type();

    /** The tag byte this adapter owns: one of {@link Codec#TAG_EXT_0} .. {@link Codec#TAG_EXT_7}. */
    int tag();

    /**
     * Writes the fields of {@code value} (never {@code null}) with {@link Codec.Writer#write} or
     * the raw helpers such as {@link Codec.Writer#writeString}.
     */
    void write(T value, Codec.Writer out);

    /**
     * Reads back what {@link #write} wrote.
     *
     * @param declared the type the caller declared, or {@code Object.class} when decoding naturally
     */
    T read(Codec.Reader in, Type declared);
}
