package io.mitogen.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the options of the privilege and container methods sent by a parent (a {@code via}
 * connect), and small helpers their {@code toWire()} and {@code toString()} share. Every value
 * goes through the method's builder again, so a child validates what it is asked to run exactly
 * as the parent did.
 */
final class MethodWire {

    private MethodWire() {
    }

    /** The options for {@code method}, or {@code null} when it is not one of these methods. */
    static ConnectionOptions fromWire(String method, Map<String, Object> wire) {
        if (method.equals("sudo")) {
            return shared(SudoOptions.fromWire(wire), wire).build();
        }
        if (method.equals("su")) {
            return shared(SuOptions.fromWire(wire), wire).build();
        }
        if (method.equals("doas")) {
            return shared(DoasOptions.fromWire(wire), wire).build();
        }
        if (method.equals("docker")) {
            return shared(container(DockerOptions.fromWire(wire), wire), wire).build();
        }
        if (method.equals("podman")) {
            return shared(container(PodmanOptions.fromWire(wire), wire), wire).build();
        }
        if (method.equals("kubectl")) {
            return shared(container(KubectlOptions.fromWire(wire), wire), wire).build();
        }
        if (method.equals("lxc")) {
            return shared(container(LxcOptions.fromWire(wire), wire), wire).build();
        }
        if (method.equals("incus")) {
            return shared(container(IncusOptions.fromWire(wire), wire), wire).build();
        }
        if (method.equals("lxd")) {
            return shared(container(LxdOptions.fromWire(wire), wire), wire).build();
        }
        if (method.equals("buildah")) {
            return shared(container(BuildahOptions.fromWire(wire), wire), wire).build();
        }
        if (method.equals("jail")) {
            return shared(container(JailOptions.fromWire(wire), wire), wire).build();
        }
        if (method.equals("setns")) {
            return shared(container(SetnsOptions.fromWire(wire), wire), wire).build();
        }
        return null;
    }

    /** Sets the options every method shares, through the public setters. */
    private static <B extends ConnectionOptions.Builder<B>> B shared(B builder, Map<String, Object> wire) {
        builder.remoteName(string(wire, "remoteName"));
        builder.javaPath(string(wire, "javaPath"));
        builder.jvmArgs(strings(wire, "jvmArgs"));
        builder.connectTimeout(Duration.ofMillis(((Number) wire.get("connectTimeoutMillis")).longValue()));
        return builder;
    }

    private static <B extends ContainerOptions.Builder<B>> B container(B builder, Map<String, Object> wire) {
        Object environment = wire.get("environment");
        if (environment instanceof Map) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) environment).entrySet()) {
                builder.environment((String) entry.getKey(), (String) entry.getValue());
            }
        }
        return builder;
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
