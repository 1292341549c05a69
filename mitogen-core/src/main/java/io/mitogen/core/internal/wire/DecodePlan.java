package io.mitogen.core.internal.wire;

import java.lang.reflect.Type;

/**
 * What one declared type accepts and how to build it, worked out once per type and cached by
 * {@link TypeDecoder}. Plans of element, key, value and component types are resolved lazily on
 * first use, so recursive types (a record holding a list of itself) need no special care; the
 * lazy fields may be filled twice by racing threads, which is harmless.
 */
final class DecodePlan {

    static final int OBJECT = 0;
    static final int BOOLEAN = 1;
    static final int BYTE = 2;
    static final int SHORT = 3;
    static final int CHAR = 4;
    static final int INT = 5;
    static final int LONG = 6;
    static final int FLOAT = 7;
    static final int DOUBLE = 8;
    static final int STRING = 9;
    static final int BYTES = 10;
    static final int ARRAY = 11;
    static final int LIST = 12;
    static final int SET = 13;
    static final int SORTED_SET = 14;
    /** Collection or Iterable: the tag decides between a list and a set. */
    static final int COLLECTION = 15;
    static final int MAP = 16;
    static final int SORTED_MAP = 17;
    static final int ENUM = 18;
    static final int RECORD = 19;
    static final int BIGINT = 20;
    static final int BIGDEC = 21;
    static final int NUMBER = 22;
    /** Any other type: decode naturally, then the value must be an instance of it. */
    static final int INSTANCE_OF = 23;
    /** A type that can never be produced, e.g. LinkedList; {@link #refusal} says why. */
    static final int UNSUPPORTED = 24;

    final int kind;
    /** The declared type as the caller gave it (after resolving variables and wildcards). */
    final Type declared;
    /** Its raw class; for primitives the primitive class itself. */
    final Class<?> raw;
    /** Whether NULL is refused. */
    final boolean primitive;
    /** One bit per accepted tag (see {@link Tags#bit}); adapter tags are handled separately. */
    final long accepts;
    /** Element type of arrays and collections, key type of maps. */
    final Type elementType;
    /** Value type of maps. */
    final Type valueType;
    /** The record, for RECORD plans (only records that could be inspected get one). */
    final RecordSupport.Info record;
    final String refusal;

    DecodePlan element;
    DecodePlan value;
    final DecodePlan[] components;

    DecodePlan(int kind, Type declared, Class<?> raw, long accepts, Type elementType, Type valueType,
            RecordSupport.Info record, String refusal) {
        this.kind = kind;
        this.declared = declared;
        this.raw = raw;
        this.primitive = raw.isPrimitive();
        this.accepts = accepts;
        this.elementType = elementType;
        this.valueType = valueType;
        this.record = record;
        this.refusal = refusal;
        this.components = (record != null)
                ? new DecodePlan[record.count()] : null;
    }

    /** Whether {@code tag} fits this declared type. */
    boolean accepts(int tag) {
        return (this.accepts & Tags.bit(tag)) != 0;
    }

    /** The declared type for messages, e.g. {@code java.util.List<java.lang.String>}. */
    String typeName() {
        return this.declared.getTypeName();
    }
}
