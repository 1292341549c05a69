package io.mitogen.core.internal.wire;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.mitogen.core.CodecException;

/**
 * Turns a declared {@link Type} into a {@link DecodePlan}: which tags it accepts (including the
 * lossless widenings) and what to build. Type variables and wildcards stand for their first upper
 * bound, since the codec has no binding for them.
 */
final class PlanBuilder {

    private static final Type[] NO_ARGS = new Type[0];

    private static final long INTEGRAL_UP_TO_INT = Tags.bit(Tags.BYTE) | Tags.bit(Tags.SHORT)
            | Tags.bit(Tags.INT);
    private static final long INTEGRAL = INTEGRAL_UP_TO_INT | Tags.bit(Tags.LONG);
    private static final long ALL_BUILT_IN = (Tags.bit(Tags.BIGDEC + 1) - 1) & ~1L;
    private static final long COLLECTIONS = Tags.bit(Tags.LIST) | Tags.bit(Tags.SET);

    private static final String DECLARABLE_COLLECTIONS = "List, ArrayList, Collection, Iterable,"
            + " Set, HashSet, LinkedHashSet, SortedSet, NavigableSet, TreeSet, Map, HashMap,"
            + " LinkedHashMap, SortedMap, NavigableMap or TreeMap";

    private PlanBuilder() {
    }

    static DecodePlan build(Type type) {
        if (type instanceof Class) {
            return forClass((Class<?>) type, type, NO_ARGS);
        }
        if (type instanceof ParameterizedType) {
            ParameterizedType parameterized = (ParameterizedType) type;
            return forClass((Class<?>) parameterized.getRawType(), type,
                    parameterized.getActualTypeArguments());
        }
        if (type instanceof GenericArrayType) {
            Type component = ((GenericArrayType) type).getGenericComponentType();
            Class<?> raw = Array.newInstance(rawClass(component), 0).getClass();
            return new DecodePlan(DecodePlan.ARRAY, type, raw, Tags.bit(Tags.LIST), component, null,
                    null, null);
        }
        if (type instanceof TypeVariable) {
            return build(((TypeVariable<?>) type).getBounds()[0]);
        }
        if (type instanceof WildcardType) {
            return build(((WildcardType) type).getUpperBounds()[0]);
        }
        throw new CodecException("cannot decode into " + type + ": unknown kind of java.lang.reflect.Type");
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class) {
            return (Class<?>) type;
        }
        if (type instanceof ParameterizedType) {
            return (Class<?>) ((ParameterizedType) type).getRawType();
        }
        if (type instanceof GenericArrayType) {
            Type component = ((GenericArrayType) type).getGenericComponentType();
            return Array.newInstance(rawClass(component), 0).getClass();
        }
        if (type instanceof TypeVariable) {
            return rawClass(((TypeVariable<?>) type).getBounds()[0]);
        }
        if (type instanceof WildcardType) {
            return rawClass(((WildcardType) type).getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static DecodePlan forClass(Class<?> raw, Type declared, Type[] args) {
        if (raw == Object.class) {
            return simple(DecodePlan.OBJECT, declared, raw, ALL_BUILT_IN);
        }
        DecodePlan scalar = scalar(raw, declared);
        if (scalar != null) {
            return scalar;
        }
        if (raw == byte[].class) {
            return simple(DecodePlan.BYTES, declared, raw, Tags.bit(Tags.BYTES));
        }
        if (raw.isArray()) {
            return new DecodePlan(DecodePlan.ARRAY, declared, raw, Tags.bit(Tags.LIST),
                    raw.getComponentType(), null, null, null);
        }
        int collection = collectionKind(raw);
        if (collection >= 0) {
            return new DecodePlan(collection, declared, raw, COLLECTIONS, arg(args, 0), null, null,
                    null);
        }
        int map = mapKind(raw);
        if (map >= 0) {
            return new DecodePlan(map, declared, raw, Tags.bit(Tags.MAP), arg(args, 0), arg(args, 1),
                    null, null);
        }
        if (Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)) {
            return new DecodePlan(DecodePlan.UNSUPPORTED, declared, raw, 0, null, null, null,
                    raw.getName() + " cannot be decoded into: mitogen builds only "
                    + DECLARABLE_COLLECTIONS + "; declare one of those");
        }
        if (Enum.class.isAssignableFrom(raw) && raw != Enum.class) {
            // A constant with a body is a subclass; Enum.valueOf needs the enum class itself.
            Class<?> enumClass = raw.isEnum() ? raw : raw.getSuperclass();
            return simple(DecodePlan.ENUM, declared, enumClass, Tags.bit(Tags.ENUM));
        }
        RecordSupport.Info record = RecordSupport.of(raw);
        if (record != null) {
            if (record.problem() != null) {
                return new DecodePlan(DecodePlan.UNSUPPORTED, declared, raw, 0, null, null, null,
                        record.problem());
            }
            return new DecodePlan(DecodePlan.RECORD, declared, raw, Tags.bit(Tags.RECORD), null,
                    null, record, null);
        }
        return simple(DecodePlan.INSTANCE_OF, declared, raw, ALL_BUILT_IN);
    }

    /** Primitives, wrappers, strings and big numbers, with their lossless widenings. */
    private static DecodePlan scalar(Class<?> raw, Type declared) {
        if (raw == int.class || raw == Integer.class) {
            return simple(DecodePlan.INT, declared, raw, INTEGRAL_UP_TO_INT | Tags.bit(Tags.CHAR));
        }
        if (raw == long.class || raw == Long.class) {
            return simple(DecodePlan.LONG, declared, raw, INTEGRAL | Tags.bit(Tags.CHAR));
        }
        if (raw == String.class || raw == CharSequence.class) {
            return simple(DecodePlan.STRING, declared, raw, Tags.bit(Tags.STRING));
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return simple(DecodePlan.BOOLEAN, declared, raw,
                    Tags.bit(Tags.TRUE) | Tags.bit(Tags.FALSE));
        }
        if (raw == double.class || raw == Double.class) {
            return simple(DecodePlan.DOUBLE, declared, raw,
                    INTEGRAL_UP_TO_INT | Tags.bit(Tags.FLOAT) | Tags.bit(Tags.DOUBLE));
        }
        if (raw == float.class || raw == Float.class) {
            // INT is not accepted: above 2^24 an int does not survive the trip through float.
            return simple(DecodePlan.FLOAT, declared, raw,
                    Tags.bit(Tags.BYTE) | Tags.bit(Tags.SHORT) | Tags.bit(Tags.FLOAT));
        }
        if (raw == short.class || raw == Short.class) {
            return simple(DecodePlan.SHORT, declared, raw, Tags.bit(Tags.BYTE) | Tags.bit(Tags.SHORT));
        }
        if (raw == byte.class || raw == Byte.class) {
            return simple(DecodePlan.BYTE, declared, raw, Tags.bit(Tags.BYTE));
        }
        if (raw == char.class || raw == Character.class) {
            return simple(DecodePlan.CHAR, declared, raw, Tags.bit(Tags.CHAR));
        }
        if (raw == BigInteger.class) {
            return simple(DecodePlan.BIGINT, declared, raw, INTEGRAL | Tags.bit(Tags.BIGINT));
        }
        if (raw == BigDecimal.class) {
            return simple(DecodePlan.BIGDEC, declared, raw,
                    INTEGRAL | Tags.bit(Tags.BIGINT) | Tags.bit(Tags.BIGDEC));
        }
        if (raw == Number.class) {
            return simple(DecodePlan.NUMBER, declared, raw, INTEGRAL | Tags.bit(Tags.FLOAT)
                    | Tags.bit(Tags.DOUBLE) | Tags.bit(Tags.BIGINT) | Tags.bit(Tags.BIGDEC));
        }
        return null;
    }

    private static int collectionKind(Class<?> raw) {
        if (raw == List.class || raw == ArrayList.class) {
            return DecodePlan.LIST;
        }
        if (raw == Collection.class || raw == Iterable.class) {
            return DecodePlan.COLLECTION;
        }
        if (raw == Set.class || raw == HashSet.class || raw == LinkedHashSet.class) {
            return DecodePlan.SET;
        }
        if (raw == SortedSet.class || raw == NavigableSet.class || raw == TreeSet.class) {
            return DecodePlan.SORTED_SET;
        }
        return -1;
    }

    private static int mapKind(Class<?> raw) {
        if (raw == Map.class || raw == HashMap.class || raw == LinkedHashMap.class) {
            return DecodePlan.MAP;
        }
        if (raw == SortedMap.class || raw == NavigableMap.class || raw == TreeMap.class) {
            return DecodePlan.SORTED_MAP;
        }
        return -1;
    }

    private static Type arg(Type[] args, int i) {
        return (i < args.length) ? args[i] : Object.class;
    }

    private static DecodePlan simple(int kind, Type declared, Class<?> raw, long accepts) {
        return new DecodePlan(kind, declared, raw, accepts, null, null, null, null);
    }
}
