package io.mitogen.core.internal.wire;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;

import io.mitogen.core.CodecException;

/**
 * Reads and builds records through reflection only. The core is compiled for Java 11, where
 * {@code Class.isRecord()} and {@code RecordComponent} do not exist, so they are looked up by name
 * once; on a JVM without them every class simply is "not a record". What is found per class is
 * cached in a {@link ClassValue}, so the hot path costs one lookup plus the accessor calls.
 */
final class RecordSupport {

    private static final Method IS_RECORD;
    private static final Method GET_RECORD_COMPONENTS;
    private static final Method COMPONENT_GENERIC_TYPE;
    private static final Method COMPONENT_TYPE;
    private static final Method COMPONENT_ACCESSOR;

    static {
        Method isRecord = null;
        Method components = null;
        Method genericType = null;
        Method type = null;
        Method accessor = null;
        try {
            isRecord = Class.class.getMethod("isRecord");
            components = Class.class.getMethod("getRecordComponents");
            Class<?> component = Class.forName("java.lang.reflect.RecordComponent");
            genericType = component.getMethod("getGenericType");
            type = component.getMethod("getType");
            accessor = component.getMethod("getAccessor");
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            // Java 11-15: no records on this JVM, so none can reach the codec.
            isRecord = null;
        }
        IS_RECORD = isRecord;
        GET_RECORD_COMPONENTS = components;
        COMPONENT_GENERIC_TYPE = genericType;
        COMPONENT_TYPE = type;
        COMPONENT_ACCESSOR = accessor;
    }

    /** Marks classes that are not records, since a ClassValue cannot hold null. */
    private static final Info NOT_A_RECORD = new Info(Object.class, null, null, null, null);

    private static final ClassValue<Info> INFO = new ClassValue<Info>() {
        @Override
        protected Info computeValue(Class<?> type) {
            return inspect(type);
        }
    };

    private RecordSupport() {
    }

    /** The record description of {@code type}, or {@code null} if it is not a record. */
    static Info of(Class<?> type) {
        Info info = INFO.get(type);
        return (info != NOT_A_RECORD) ? info : null;
    }

    private static Info inspect(Class<?> type) {
        // The superclass test is cheap and rules out almost every class without reflection.
        if (IS_RECORD == null || type.getSuperclass() == null
                || !"java.lang.Record".equals(type.getSuperclass().getName())) {
            return NOT_A_RECORD;
        }
        try {
            if (!Boolean.TRUE.equals(IS_RECORD.invoke(type))) {
                return NOT_A_RECORD;
            }
            Object[] components = (Object[]) GET_RECORD_COMPONENTS.invoke(type);
            int n = components.length;
            Method[] accessors = new Method[n];
            Type[] genericTypes = new Type[n];
            Class<?>[] rawTypes = new Class<?>[n];
            for (int i = 0; i < n; i++) {
                accessors[i] = (Method) COMPONENT_ACCESSOR.invoke(components[i]);
                genericTypes[i] = (Type) COMPONENT_GENERIC_TYPE.invoke(components[i]);
                rawTypes[i] = (Class<?>) COMPONENT_TYPE.invoke(components[i]);
                // Records are often nested and package-private; their accessors are public methods
                // of an inaccessible class, so reflection needs the override.
                accessors[i].setAccessible(true);
            }
            Constructor<?> canonical = type.getDeclaredConstructor(rawTypes);
            canonical.setAccessible(true);
            return new Info(type, accessors, genericTypes, canonical, null);
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            // E.g. a record in a module that is not open to us: remember why, fail on use.
            return new Info(type, null, null, null, "record " + type.getName()
                    + " cannot be accessed reflectively (" + ex + "); open its package to mitogen");
        }
    }

    /** The components, accessors and canonical constructor of one record class. */
    static final class Info {

        final Class<?> type;
        private final Method[] accessors;
        private final Type[] genericTypes;
        private final Constructor<?> canonical;
        private final String error;

        Info(Class<?> type, Method[] accessors, Type[] genericTypes, Constructor<?> canonical,
                String error) {
            this.type = type;
            this.accessors = accessors;
            this.genericTypes = genericTypes;
            this.canonical = canonical;
            this.error = error;
        }

        /** Why this record cannot be used, or {@code null} if it can. */
        String problem() {
            return this.error;
        }

        /** Throws the remembered inspection failure, if any. */
        void check() {
            if (this.error != null) {
                throw new CodecException(this.error);
            }
        }

        int count() {
            return this.accessors.length;
        }

        /** The declared (generic) type of component {@code i}, used to decode it. */
        Type componentType(int i) {
            return this.genericTypes[i];
        }

        /** The value of component {@code i} of {@code record}. */
        Object get(Object record, int i) {
            try {
                return this.accessors[i].invoke(record);
            }
            catch (InvocationTargetException ex) {
                throw new CodecException("accessor " + this.accessors[i].getName() + "() of record "
                        + this.type.getName() + " failed: " + ex.getCause(), ex.getCause());
            }
            catch (IllegalAccessException | RuntimeException ex) {
                throw new CodecException("cannot read component " + this.accessors[i].getName()
                        + " of record " + this.type.getName() + ": " + ex, ex);
            }
        }

        /** Calls the canonical constructor, so the record's own validation runs. */
        Object create(Object[] args) {
            try {
                return this.canonical.newInstance(args);
            }
            catch (InvocationTargetException ex) {
                throw new CodecException("record " + this.type.getName()
                        + " rejected the decoded components: " + ex.getCause(), ex.getCause());
            }
            catch (ReflectiveOperationException | RuntimeException ex) {
                throw new CodecException("cannot construct record " + this.type.getName()
                        + ": " + ex, ex);
            }
        }
    }
}
