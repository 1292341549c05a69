package io.mitogen.core.internal.wire;

import java.lang.reflect.Array;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.mitogen.core.CodecException;

/**
 * Decodes tagged values into the type the caller declared. The tag on the wire says what was
 * sent; the declared type says what may be built, so the bytes can never name a class to
 * instantiate. Plans per declared type are cached; an unbounded stream of distinct declared types
 * (which real callers do not produce) stops being cached rather than growing without limit.
 *
 * <p>Over 400 lines on purpose: one recursive dispatch over the wire's tags and the plan's kinds
 * (read, typed, natural, then the containers, which call read again), on every decoded value; kept
 * in one class of private methods the JIT sees together, and no extra class in the core bundle.
 */
final class TypeDecoder {

    private static final int MAX_CACHED_PLANS = 4096;

    private final ValueAdapter<?>[] byTag;
    private final ConcurrentHashMap<Type, DecodePlan> plans = new ConcurrentHashMap<>();
    private final DecodePlan objectPlan = PlanBuilder.build(Object.class);

    TypeDecoder(ValueAdapter<?>[] byTag) {
        this.byTag = byTag;
    }

    DecodePlan plan(Type declared) {
        if (declared == null) {
            throw new CodecException("the declared type must not be null; use Object.class for"
                    + " the natural type");
        }
        if (declared == Object.class) {
            return this.objectPlan;
        }
        DecodePlan plan = this.plans.get(declared);
        if (plan == null) {
            plan = PlanBuilder.build(declared);
            if (this.plans.size() < MAX_CACHED_PLANS) {
                this.plans.putIfAbsent(declared, plan);
            }
        }
        return plan;
    }

    /** Reads one tagged value as {@code plan} describes. */
    Object read(Codec.Reader in, DecodePlan plan) {
        int at = in.position();
        int tag = in.readTag();
        if (tag == Tags.NULL) {
            if (plan.primitive) {
                throw new CodecException("cannot decode NULL at position " + at + " as "
                        + plan.typeName() + ": a primitive cannot be null");
            }
            return null;
        }
        if (Tags.isExt(tag)) {
            return readAdapted(in, plan, tag, at);
        }
        if (!Tags.isBuiltIn(tag)) {
            throw new CodecException("unknown tag " + Tags.name(tag) + " at position " + at);
        }
        switch (plan.kind) {
            case DecodePlan.OBJECT:
                return natural(in, tag, at);
            case DecodePlan.INSTANCE_OF:
                Object value = natural(in, tag, at);
                if (!plan.raw.isInstance(value)) {
                    throw new CodecException("cannot decode " + Tags.name(tag) + " at position " + at
                            + " as " + plan.typeName() + ": it arrives as a "
                            + value.getClass().getName() + ", which is not one");
                }
                return value;
            case DecodePlan.UNSUPPORTED:
                throw new CodecException(plan.refusal);
            default:
                break;
        }
        if (!plan.accepts(tag)) {
            throw new CodecException("cannot decode " + Tags.name(tag) + " at position " + at + " as "
                    + plan.typeName() + "; " + plan.typeName() + " accepts " + Tags.names(plan.accepts)
                    + (plan.primitive ? "" : " or NULL"));
        }
        return typed(in, plan, tag, at);
    }

    /** Decodes a tag the plan accepts, widening numbers where needed. */
    private Object typed(Codec.Reader in, DecodePlan plan, int tag, int at) {
        switch (plan.kind) {
            case DecodePlan.INT:
                return (int) integral(in, tag);
            case DecodePlan.LONG:
                return integral(in, tag);
            case DecodePlan.STRING:
                return string(in, at);
            case DecodePlan.BOOLEAN:
                return tag == Tags.TRUE;
            case DecodePlan.DOUBLE:
                if (tag == Tags.DOUBLE) {
                    return Double.longBitsToDouble(in.readLong());
                }
                return (tag == Tags.FLOAT) ? (double) Float.intBitsToFloat(in.readInt())
                        : (double) integral(in, tag);
            case DecodePlan.FLOAT:
                return (tag == Tags.FLOAT) ? Float.intBitsToFloat(in.readInt())
                        : (float) integral(in, tag);
            case DecodePlan.SHORT:
                return (short) integral(in, tag);
            case DecodePlan.BYTE:
                return in.readByte();
            case DecodePlan.CHAR:
                return (char) in.readShort();
            case DecodePlan.BYTES:
                return in.readByteArray();
            case DecodePlan.BIGINT:
                return (tag == Tags.BIGINT) ? in.readBigInteger() : BigInteger.valueOf(integral(in, tag));
            case DecodePlan.BIGDEC:
                if (tag == Tags.BIGDEC) {
                    return bigDecimal(in);
                }
                return (tag == Tags.BIGINT) ? new BigDecimal(in.readBigInteger())
                        : BigDecimal.valueOf(integral(in, tag));
            case DecodePlan.NUMBER:
                return natural(in, tag, at);
            case DecodePlan.ARRAY:
                return array(in, plan);
            case DecodePlan.LIST:
            case DecodePlan.SET:
            case DecodePlan.SORTED_SET:
            case DecodePlan.COLLECTION:
                return collection(in, plan, tag);
            case DecodePlan.MAP:
            case DecodePlan.SORTED_MAP:
                return map(in, plan);
            case DecodePlan.ENUM:
                return enumConstant(in, plan, at);
            case DecodePlan.RECORD:
                return record(in, plan, at);
            default:
                throw new IllegalStateException("unhandled plan kind " + plan.kind);
        }
    }

    /** The natural Java value of a tag, as decoded under a declared {@code Object}. */
    private Object natural(Codec.Reader in, int tag, int at) {
        switch (tag) {
            case Tags.TRUE:
                return Boolean.TRUE;
            case Tags.FALSE:
                return Boolean.FALSE;
            case Tags.BYTE:
                return in.readByte();
            case Tags.SHORT:
                return in.readShort();
            case Tags.INT:
                return in.readInt();
            case Tags.LONG:
                return in.readLong();
            case Tags.FLOAT:
                return Float.intBitsToFloat(in.readInt());
            case Tags.DOUBLE:
                return Double.longBitsToDouble(in.readLong());
            case Tags.CHAR:
                return (char) in.readShort();
            case Tags.STRING:
            case Tags.ENUM:
                // Under Object an enum is its name: the wire does not say which enum it was.
                return string(in, at);
            case Tags.BYTES:
                return in.readByteArray();
            case Tags.LIST:
            case Tags.SET:
                return collection(in, this.objectPlan, tag);
            case Tags.MAP:
                return map(in, this.objectPlan);
            case Tags.BIGINT:
                return in.readBigInteger();
            case Tags.BIGDEC:
                return bigDecimal(in);
            case Tags.RECORD:
                throw new CodecException("a record arrives only where the declared type is that"
                        + " record class (the wire carries no class name); got RECORD at position "
                        + at + " where the declared type allows any value");
            default:
                throw new CodecException("unknown tag " + Tags.name(tag) + " at position " + at);
        }
    }

    private static long integral(Codec.Reader in, int tag) {
        switch (tag) {
            case Tags.BYTE:
                return in.readByte();
            case Tags.SHORT:
                return in.readShort();
            case Tags.INT:
                return in.readInt();
            case Tags.LONG:
                return in.readLong();
            case Tags.CHAR:
                return (char) in.readShort();
            default:
                throw new IllegalStateException("not an integral tag: " + Tags.name(tag));
        }
    }

    private static String string(Codec.Reader in, int at) {
        String s = in.readString();
        if (s == null) {
            throw new CodecException("string at position " + at + " has length -1");
        }
        return s;
    }

    private static BigDecimal bigDecimal(Codec.Reader in) {
        int scale = in.readInt();
        return new BigDecimal(in.readBigInteger(), scale);
    }

    private Object array(Codec.Reader in, DecodePlan plan) {
        int count = in.readCount(1);
        DecodePlan element = element(plan);
        Class<?> componentType = plan.raw.getComponentType();
        Object array = Array.newInstance(componentType, count);
        in.enter();
        try {
            if (componentType.isPrimitive()) {
                for (int i = 0; i < count; i++) {
                    // The element plan has already checked and widened to the component type.
                    Array.set(array, i, read(in, element));
                }
            }
            else {
                Object[] objects = (Object[]) array;
                for (int i = 0; i < count; i++) {
                    objects[i] = read(in, element);
                }
            }
        }
        catch (IllegalArgumentException | ArrayStoreException ex) {
            throw new CodecException("cannot store a decoded element into " + plan.typeName() + ": "
                    + ex, ex);
        }
        finally {
            in.exit();
        }
        return array;
    }

    private Collection<Object> collection(Codec.Reader in, DecodePlan plan, int tag) {
        int count = in.readCount(1);
        DecodePlan element = element(plan);
        Collection<Object> collection;
        boolean sorted = plan.kind == DecodePlan.SORTED_SET;
        if (sorted) {
            collection = new TreeSet<>();
        }
        else if (plan.kind == DecodePlan.SET
                || (tag == Tags.SET && plan.kind != DecodePlan.LIST)) {
            collection = new LinkedHashSet<>(hashCapacity(count));
        }
        else {
            collection = new ArrayList<>(count);
        }
        in.enter();
        try {
            for (int i = 0; i < count; i++) {
                collection.add(read(in, element));
            }
        }
        catch (ClassCastException | NullPointerException ex) {
            throw new CodecException("elements of " + plan.typeName() + " must be non-null and"
                    + " mutually Comparable: " + ex, ex);
        }
        finally {
            in.exit();
        }
        return collection;
    }

    private Map<Object, Object> map(Codec.Reader in, DecodePlan plan) {
        int count = in.readCount(2);
        DecodePlan keys = element(plan);
        DecodePlan values = value(plan);
        Map<Object, Object> map = (plan.kind == DecodePlan.SORTED_MAP) ? new TreeMap<>()
                : new LinkedHashMap<>(hashCapacity(count));
        in.enter();
        try {
            for (int i = 0; i < count; i++) {
                Object key = read(in, keys);
                map.put(key, read(in, values));
            }
        }
        catch (ClassCastException | NullPointerException ex) {
            throw new CodecException("keys of " + plan.typeName() + " must be non-null and"
                    + " mutually Comparable: " + ex, ex);
        }
        finally {
            in.exit();
        }
        return map;
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static Object enumConstant(Codec.Reader in, DecodePlan plan, int at) {
        String name = string(in, at);
        try {
            return Enum.valueOf((Class) plan.raw, name);
        }
        catch (IllegalArgumentException ex) {
            throw new CodecException("enum " + plan.raw.getName() + " has no constant '" + name
                    + "' (ENUM at position " + at + "); constants: "
                    + Arrays.toString(plan.raw.getEnumConstants()));
        }
    }

    private Object record(Codec.Reader in, DecodePlan plan, int at) {
        RecordSupport.Info record = plan.record;
        int count = in.readCount(1);
        if (count != record.count()) {
            throw new CodecException("record " + plan.raw.getName() + " has " + record.count()
                    + " components but the RECORD at position " + at + " carries " + count);
        }
        Object[] args = new Object[count];
        in.enter();
        try {
            for (int i = 0; i < count; i++) {
                DecodePlan component = plan.components[i];
                if (component == null) {
                    component = plan(record.componentType(i));
                    plan.components[i] = component;
                }
                args[i] = read(in, component);
            }
        }
        finally {
            in.exit();
        }
        return record.create(args);
    }

    private Object readAdapted(Codec.Reader in, DecodePlan plan, int tag, int at) {
        ValueAdapter<?> adapter = this.byTag[tag - Tags.EXT_0];
        if (adapter == null) {
            throw new CodecException("tag " + Tags.name(tag) + " at position " + at
                    + " has no registered ValueAdapter");
        }
        boolean natural = plan.kind == DecodePlan.OBJECT;
        Class<?> type = adapter.type();
        if (!natural && (plan.primitive
                || !(plan.raw.isAssignableFrom(type) || type.isAssignableFrom(plan.raw)))) {
            throw new CodecException("cannot decode " + Tags.name(tag) + " (" + type.getName()
                    + ") at position " + at + " as " + plan.typeName());
        }
        Object value;
        in.enter();
        try {
            value = adapter.read(in, natural ? Object.class : plan.declared);
        }
        catch (CodecException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            throw new CodecException("ValueAdapter for " + type.getName() + " failed to read the"
                    + " value at position " + at + ": " + ex, ex);
        }
        finally {
            in.exit();
        }
        if (value != null && !natural && !plan.raw.isInstance(value)) {
            throw new CodecException("ValueAdapter for " + type.getName() + " returned a "
                    + value.getClass().getName() + ", which is not a " + plan.typeName());
        }
        return value;
    }

    private DecodePlan element(DecodePlan plan) {
        DecodePlan element = plan.element;
        if (element == null) {
            if (plan.elementType == null) {
                // Natural decoding (Object, Number, other interfaces): elements are natural too.
                return this.objectPlan;
            }
            element = plan(plan.elementType);
            plan.element = element;
        }
        return element;
    }

    private DecodePlan value(DecodePlan plan) {
        DecodePlan value = plan.value;
        if (value == null) {
            if (plan.valueType == null) {
                return this.objectPlan;
            }
            value = plan(plan.valueType);
            plan.value = value;
        }
        return value;
    }

    /** A hash capacity that holds {@code count} entries without rehashing. */
    private static int hashCapacity(int count) {
        return (int) Math.min((count * 4L) / 3 + 1, 1 << 30);
    }
}
