package io.mitogen.core;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mitogen.core.internal.transport.ConnectionMethod;

/**
 * Rebuilds the options of any connection method sent by a parent (a {@code via} connect), and
 * small helpers their {@code toWire()} and {@code toString()} share. Every value
 * goes through the method's builder again, so a child validates what it is asked to run exactly
 * as the parent did.
 */
final class MethodWire {

    private MethodWire() {
    }

    /**
     * Rebuilds the options of {@code method} sent by a parent: the method's own values through its
     * options type's {@code fromWire(Map)} (found through {@link ConnectionMethod}), then the values
     * every method or every container shares. An unknown method is refused naming the known ones.
     */
    static ConnectionOptions fromWire(String method, Map<String, Object> wire) {
        Class<? extends ConnectionOptions> type = ConnectionMethod.named(method).optionsType();
        ConnectionOptions.Builder<?> builder;
        try {
            builder = (ConnectionOptions.Builder<?>) type.getDeclaredMethod("fromWire", Map.class).invoke(null, wire);
        }
        catch (InvocationTargetException ex) {
            throw (ex.getCause() instanceof RuntimeException) ? (RuntimeException) ex.getCause()
                    : new InvalidOptionsException("cannot rebuild " + method + " options: " + ex.getCause());
        }
        catch (ReflectiveOperationException ex) {
            // Every options type has one: MethodOptionsTests checks each.
            throw new IllegalStateException(type.getName() + " has no static fromWire(Map)", ex);
        }
        ConnectionOptions.readCommon(builder, wire);
        if (builder instanceof ContainerOptions.Builder) {
            container((ContainerOptions.Builder<?>) builder, wire);
        }
        return builder.build();
    }

    private static void container(ContainerOptions.Builder<?> builder, Map<String, Object> wire) {
        Object environment = wire.get("environment");
        if (environment instanceof Map) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) environment).entrySet()) {
                builder.environment((String) entry.getKey(), (String) entry.getValue());
            }
        }
    }

    // Values come from this context's parent, which it trusts; a wrong type fails the cast.

    static String string(Map<String, Object> wire, String key) {
        return (String) wire.get(key);
    }

    static boolean bool(Map<String, Object> wire, String key) {
        return Boolean.TRUE.equals(wire.get(key));
    }

    static Secret secret(Map<String, Object> wire, String key) {
        return (Secret) wire.get(key);
    }

    static List<String> strings(Map<String, Object> wire, String key) {
        List<String> values = new ArrayList<>();
        Object list = wire.get(key);
        if (list instanceof List) {
            for (Object value : (List<?>) list) {
                values.add((String) value);
            }
        }
        return values;
    }

    /** {@code Name(via=..., key=value, ...)} from the wire form: a {@link Secret} prints as {@code ******}. */
    static String describe(ConnectionOptions options) {
        StringBuilder text = new StringBuilder(options.getClass().getSimpleName()).append("(via=").append(options.via());
        for (Map.Entry<String, Object> entry : options.toWire().entrySet()) {
            text.append(", ").append(entry.getKey()).append('=').append(entry.getValue());
        }
        return text.append(')').toString();
    }

    /** A map for {@code toWire()}: the shared values first. */
    static Map<String, Object> extend(Map<String, Object> shared, Object... pairs) {
        Map<String, Object> wire = new LinkedHashMap<>(shared);
        for (int i = 0; i < pairs.length; i += 2) {
            wire.put((String) pairs[i], pairs[i + 1]);
        }
        return wire;
    }

    /** Checks a required value: present, not empty, and safe on a command line. */
    static String required(String option, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidOptionsException(option + " is required");
        }
        return ConnectionOptions.checkSafe(option, value);
    }
}
