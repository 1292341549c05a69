package io.mitogen.core.internal.wire;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

import io.mitogen.core.CodecException;

/**
 * Encodes values by their runtime class. Each class is classified once per codec and cached in
 * a {@link ClassValue}, so encoding a value costs one lookup and a switch; unsupported classes
 * are remembered too, so refusing them is as cheap as accepting.
 */
final class ValueEncoder {

    private static final int UNSUPPORTED = 0;
    private static final int BOOLEAN = 1;
    private static final int BYTE = 2;
    private static final int SHORT = 3;
    private static final int INT = 4;
    private static final int LONG = 5;
    private static final int FLOAT = 6;
    private static final int DOUBLE = 7;
    private static final int CHAR = 8;
    private static final int STRING = 9;
    private static final int BYTES = 10;
    private static final int OBJECT_ARRAY = 11;
    private static final int PRIMITIVE_ARRAY = 12;
    private static final int ADAPTER = 13;
    private static final int LIST = 14;
    private static final int SET = 15;
    private static final int MAP = 16;
    private static final int ENUM = 17;
    private static final int RECORD = 18;
    private static final int BIGINT = 19;
    private static final int BIGDEC = 20;

    private final ValueAdapter<?>[] adapters;

    private final ClassValue<Kind> kinds = new ClassValue<Kind>() {
        @Override
        protected Kind computeValue(Class<?> type) {
            return classify(type);
        }
    };

    ValueEncoder(ValueAdapter<?>[] adapters) {
        this.adapters = adapters;
    }

    /** Writes one tagged value; containers recurse through {@link Codec.Writer#write}. */
    void write(Codec.Writer out, Object value) {
        if (value == null) {
            out.writeByte(Tags.NULL);
            return;
        }
        Kind kind = this.kinds.get(value.getClass());
        switch (kind.code) {
            case BOOLEAN:
                out.writeByte(((Boolean) value) ? Tags.TRUE : Tags.FALSE);
                return;
            case BYTE:
                out.writeByte(Tags.BYTE);
                out.writeByte((Byte) value);
                return;
            case SHORT:
                out.writeByte(Tags.SHORT);
                out.writeShort((Short) value);
                return;
            case INT:
                out.writeTagged(Tags.INT, (Integer) value);
                return;
            case LONG:
                out.writeByte(Tags.LONG);
                out.writeLong((Long) value);
                return;
            case FLOAT:
                out.writeTagged(Tags.FLOAT, Float.floatToRawIntBits((Float) value));
                return;
            case DOUBLE:
                out.writeByte(Tags.DOUBLE);
                out.writeLong(Double.doubleToRawLongBits((Double) value));
                return;
            case CHAR:
                out.writeByte(Tags.CHAR);
                out.writeShort((Character) value);
                return;
            case STRING:
                out.writeByte(Tags.STRING);
                out.writeString((String) value);
                return;
            case BYTES:
                out.writeByteArrayValue((byte[]) value);
                return;
            case ENUM:
                out.writeByte(Tags.ENUM);
                out.writeString(((Enum<?>) value).name());
                return;
            case BIGINT:
                writeBigInteger(out, (BigInteger) value);
                return;
            case BIGDEC:
                writeBigDecimal(out, (BigDecimal) value);
                return;
            case UNSUPPORTED:
                throw unsupported(value.getClass());
            default:
                writeContainer(out, kind, value);
        }
    }

    private void writeContainer(Codec.Writer out, Kind kind, Object value) {
        out.enter();
        try {
            switch (kind.code) {
                case LIST:
                    writeCollection(out, Tags.LIST, (Collection<?>) value);
                    break;
                case SET:
                    writeCollection(out, Tags.SET, (Collection<?>) value);
                    break;
                case MAP:
                    writeMap(out, (Map<?, ?>) value);
                    break;
                case OBJECT_ARRAY:
                    Object[] array = (Object[]) value;
                    out.writeTagged(Tags.LIST, array.length);
                    for (Object element : array) {
                        out.write(element);
                    }
                    break;
                case PRIMITIVE_ARRAY:
                    PrimitiveArrays.write(out, value);
                    break;
                case RECORD:
                    writeRecord(out, kind.record, value);
                    break;
                case ADAPTER:
                    writeAdapted(out, kind.adapter, value);
                    break;
                default:
                    throw new IllegalStateException("unhandled kind " + kind.code);
            }
        }
        finally {
            out.exit();
        }
    }

    private static void writeCollection(Codec.Writer out, int tag, Collection<?> collection) {
        int count = collection.size();
        out.writeTagged(tag, count);
        int written = 0;
        for (Object element : collection) {
            out.write(element);
            written++;
        }
        if (written != count) {
            throw new CodecException(collection.getClass().getName() + " changed while it was"
                    + " encoded: size() said " + count + " but iteration gave " + written);
        }
    }

    private static void writeMap(Codec.Writer out, Map<?, ?> map) {
        int count = map.size();
        out.writeTagged(Tags.MAP, count);
        int written = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            out.write(entry.getKey());
            out.write(entry.getValue());
            written++;
        }
        if (written != count) {
            throw new CodecException(map.getClass().getName() + " changed while it was encoded:"
                    + " size() said " + count + " but iteration gave " + written);
        }
    }

    private static void writeRecord(Codec.Writer out, RecordSupport.Info record, Object value) {
        record.check();
        int count = record.count();
        // Components only, in declaration order: the class is named by the declared type.
        out.writeTagged(Tags.RECORD, count);
        for (int i = 0; i < count; i++) {
            out.write(record.get(value, i));
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeAdapted(Codec.Writer out, ValueAdapter<?> adapter, Object value) {
        out.writeByte(adapter.tag());
        try {
            ((ValueAdapter<Object>) adapter).write(value, out);
        }
        catch (CodecException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            throw new CodecException("ValueAdapter for " + adapter.type().getName()
                    + " failed to write a " + value.getClass().getName() + ": " + ex, ex);
        }
    }

    private static void writeBigInteger(Codec.Writer out, BigInteger value) {
        byte[] twosComplement = value.toByteArray();
        out.writeTagged(Tags.BIGINT, twosComplement.length);
        out.writeBytes(twosComplement, 0, twosComplement.length);
    }

    private static void writeBigDecimal(Codec.Writer out, BigDecimal decimal) {
        out.writeTagged(Tags.BIGDEC, decimal.scale());
        byte[] unscaled = decimal.unscaledValue().toByteArray();
        out.writeInt(unscaled.length);
        out.writeBytes(unscaled, 0, unscaled.length);
    }

    private Kind classify(Class<?> type) {
        // Final JDK scalars first: no adapter can sensibly claim them and they are most common.
        int scalar = scalarCode(type);
        if (scalar >= 0) {
            return Kind.of(scalar);
        }
        if (type.isArray()) {
            return Kind.of(type.getComponentType().isPrimitive() ? PRIMITIVE_ARRAY : OBJECT_ARRAY);
        }
        for (ValueAdapter<?> adapter : this.adapters) {
            if (adapter.type().isAssignableFrom(type)) {
                return new Kind(ADAPTER, adapter, null);
            }
        }
        if (Set.class.isAssignableFrom(type)) {
            return Kind.of(SET);
        }
        if (Collection.class.isAssignableFrom(type)) {
            return Kind.of(LIST);
        }
        if (Map.class.isAssignableFrom(type)) {
            return Kind.of(MAP);
        }
        if (Enum.class.isAssignableFrom(type)) {
            return Kind.of(ENUM);
        }
        RecordSupport.Info record = RecordSupport.of(type);
        if (record != null) {
            return new Kind(RECORD, null, record);
        }
        if (BigInteger.class.isAssignableFrom(type)) {
            return Kind.of(BIGINT);
        }
        if (BigDecimal.class.isAssignableFrom(type)) {
            return Kind.of(BIGDEC);
        }
        return Kind.of(UNSUPPORTED);
    }

    /** The code of a final JDK scalar type ({@code String}, a primitive's wrapper, {@code byte[]}), or -1. */
    private static int scalarCode(Class<?> type) {
        if (type == String.class) {
            return STRING;
        }
        if (type == Integer.class) {
            return INT;
        }
        if (type == Long.class) {
            return LONG;
        }
        if (type == Boolean.class) {
            return BOOLEAN;
        }
        if (type == Double.class) {
            return DOUBLE;
        }
        if (type == Float.class) {
            return FLOAT;
        }
        if (type == Short.class) {
            return SHORT;
        }
        if (type == Byte.class) {
            return BYTE;
        }
        if (type == Character.class) {
            return CHAR;
        }
        if (type == byte[].class) {
            return BYTES;
        }
        return -1;
    }

    private CodecException unsupported(Class<?> type) {
        StringBuilder message = new StringBuilder(type.getTypeName());
        if (type.isSynthetic() || type.getName().contains("$$Lambda")) {
            message.append(" (a lambda or other synthetic class)");
        }
        else if (type.isAnonymousClass()) {
            message.append(" (an anonymous class)");
        }
        message.append(" is not a type mitogen can carry; allowed: ").append(Codec.allowedTypes());
        if (this.adapters.length > 0) {
            message.append(" (registered:");
            for (ValueAdapter<?> adapter : this.adapters) {
                message.append(' ').append(adapter.type().getName());
            }
            message.append(')');
        }
        return new CodecException(message.toString());
    }

    /** How one runtime class is encoded. */
    private static final class Kind {

        private static final Kind[] SHARED = new Kind[BIGDEC + 1];

        static {
            for (int i = 0; i < SHARED.length; i++) {
                SHARED[i] = new Kind(i, null, null);
            }
        }

        final int code;
        final ValueAdapter<?> adapter;
        final RecordSupport.Info record;

        Kind(int code, ValueAdapter<?> adapter, RecordSupport.Info record) {
            this.code = code;
            this.adapter = adapter;
            this.record = record;
        }

        static Kind of(int code) {
            return SHARED[code];
        }
    }
}
