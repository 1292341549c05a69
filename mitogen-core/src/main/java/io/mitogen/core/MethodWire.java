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
        switch (method) {
            case "sudo":
                return shared(SudoOptions.fromWire(wire), wire).build();
            case "su":
                return shared(SuOptions.fromWire(wire), wire).build();
            case "doas":
                return shared(DoasOptions.fromWire(wire), wire).build();
            case "docker":
                return shared(container(DockerOptions.fromWire(wire), wire), wire).build();
            case "podman":
                return shared(container(PodmanOptions.fromWire(wire), wire), wire).build();
            case "kubectl":
                return shared(container(KubectlOptions.fromWire(wire), wire), wire).build();
            case "lxc":
                return shared(container(LxcOptions.fromWire(wire), wire), wire).build();
            case "incus":
                return shared(container(IncusOptions.fromWire(wire), wire), wire).build();
            case "lxd":
                return shared(container(LxdOptions.fromWire(wire), wire), wire).build();
            case "buildah":
                return shared(container(BuildahOptions.fromWire(wire), wire), wire).build();
            case "jail":
                return shared(container(JailOptions.fromWire(wire), wire), wire).build();
            case "setns":
                return shared(container(SetnsOptions.fromWire(wire), wire), wire).build();
            default:
                return null;
        }
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

    static String string(Map<String, Object> wire, String key) {
        Object value = wire.get(key);
        if (value != null && !(value instanceof String)) {
            throw new InvalidOptionsException(key + " must be a string");
        }
        return (String) value;
    }

    static boolean bool(Map<String, Object> wire, String key) {
        return Boolean.TRUE.equals(wire.get(key));
    }

    static Secret secret(Map<String, Object> wire, String key) {
        Object value = wire.get(key);
        if (value != null && !(value instanceof Secret)) {
            throw new InvalidOptionsException(key + " must be a Secret");
        }
        return (Secret) value;
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

    /** {@code base} (a {@code Name(a=1, b=2)} text) with more {@code key, value} pairs added. */
    static String describe(String base, Object... pairs) {
        StringBuilder text = new StringBuilder(base.substring(0, base.length() - 1));
        for (int i = 0; i < pairs.length; i += 2) {
            text.append(", ").append(pairs[i]).append('=').append(pairs[i + 1]);
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
