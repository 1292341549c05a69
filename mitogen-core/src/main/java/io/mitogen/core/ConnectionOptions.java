package io.mitogen.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What every connection method shares: where the child's {@code java} is, its JVM flags, the
 * name it shows in {@code ps}, how long it may take to start, and the context to start it from
 * ({@code via}). Each method adds its own options in a subclass with a small builder.
 */
public abstract class ConnectionOptions {

    /** How long a child may take to become ready, unless told otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What may ride unquoted on the boot command line through sh, ssh, sudo and su: no spaces,
     * quotes, {@code $}, globs or separators, so no value can change the command.
     */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private final String remoteName;

    private final Context via;

    private final String javaPath;

    private final List<String> jvmArgs;

    private final Duration connectTimeout;

    protected ConnectionOptions(Builder<?> builder) {
        this.remoteName = checkSafe("remoteName", builder.remoteName);
        this.via = builder.via;
        this.javaPath = checkSafe("javaPath", builder.javaPath);
        for (String arg : builder.jvmArgs) {
            checkSafe("jvmArgs", arg);
        }
        this.jvmArgs = Collections.unmodifiableList(new ArrayList<>(builder.jvmArgs));
        if (builder.connectTimeout.isNegative() || builder.connectTimeout.isZero()) {
            throw new InvalidOptionsException("connectTimeout must be positive, not " + builder.connectTimeout);
        }
        this.connectTimeout = builder.connectTimeout;
    }

    /** The connection method's name, e.g. {@code local}. */
    public abstract String method();

    /** The name the child shows in {@code ps} and in logs, or {@code null} for the default. */
    public String remoteName() {
        return this.remoteName;
    }

    /** The context that starts the child, or {@code null} to start it from this one. */
    public Context via() {
        return this.via;
    }

    /** The {@code java} to run, or {@code null} for the method's default. */
    public String javaPath() {
        return this.javaPath;
    }

    /** JVM flags added after mitogen's defaults (so they can override them). */
    public List<String> jvmArgs() {
        return this.jvmArgs;
    }

    /** How long the child may take to become ready. */
    public Duration connectTimeout() {
        return this.connectTimeout;
    }

    /** These options as plain values, to ask another context ({@code via}) to connect. */
    Map<String, Object> toWire() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("remoteName", this.remoteName);
        wire.put("javaPath", this.javaPath);
        wire.put("jvmArgs", this.jvmArgs);
        wire.put("connectTimeoutMillis", this.connectTimeout.toMillis());
        return wire;
    }

    /** Rebuilds options sent by a parent; unknown methods are refused. */
    static ConnectionOptions fromWire(String method, Map<String, Object> wire) {
        return MethodWire.fromWire(method, wire);
    }

    /** Sets the shared options of {@code builder} from {@link #toWire()}'s values. */
    static void readCommon(Builder<?> builder, Map<String, Object> wire) {
        builder.remoteName = (String) wire.get("remoteName");
        builder.javaPath = (String) wire.get("javaPath");
        for (Object arg : (List<?>) wire.get("jvmArgs")) {
            builder.jvmArgs.add((String) arg);
        }
        builder.connectTimeout = Duration.ofMillis(((Number) wire.get("connectTimeoutMillis")).longValue());
    }

    static String checkSafe(String option, String value) {
        if (value != null && !SAFE.matcher(value).matches()) {
            throw new InvalidOptionsException(option + " value '" + value + "' cannot ride on the boot command line: "
                    + "use only letters, digits and _ . / : = @ % + , -");
        }
        return value;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(remoteName=" + this.remoteName + ", via=" + this.via + ", javaPath="
                + this.javaPath + ", jvmArgs=" + this.jvmArgs + ", connectTimeout=" + this.connectTimeout + ")";
    }

    /**
     * The options every method's builder has.
     *
     * @param <B> the concrete builder, returned by each setter
     */
    public abstract static class Builder<B extends Builder<B>> {

        private String remoteName;

        private Context via;

        private String javaPath;

        private final List<String> jvmArgs = new ArrayList<>();

        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

        protected Builder() {
        }

        /** The name the child shows in {@code ps} and logs (default {@code mitogen:user@host:pid}). */
        public B remoteName(String remoteName) {
            this.remoteName = remoteName;
            return self();
        }

        /** Starts the child from {@code via} (it becomes the child's parent) instead of from here. */
        public B via(Context via) {
            this.via = via;
            return self();
        }

        /** The {@code java} to run (default: the method's; for {@code local}, this JVM's own). */
        public B javaPath(String javaPath) {
            this.javaPath = javaPath;
            return self();
        }

        /** JVM flags added after mitogen's defaults, e.g. {@code -Xmx256m}. */
        public B jvmArgs(String... jvmArgs) {
            return jvmArgs(Arrays.asList(jvmArgs));
        }

        /** JVM flags added after mitogen's defaults, e.g. {@code -Xmx256m}. */
        public B jvmArgs(List<String> jvmArgs) {
            this.jvmArgs.clear();
            this.jvmArgs.addAll(jvmArgs);
            return self();
        }

        /** How long the child may take to become ready (default 30 seconds). */
        public B connectTimeout(Duration connectTimeout) {
            if (connectTimeout == null) {
                throw new InvalidOptionsException("connectTimeout must not be null");
            }
            this.connectTimeout = connectTimeout;
            return self();
        }

        /** The options, checked: a missing or unsafe value is an {@link InvalidOptionsException} naming it. */
        public abstract ConnectionOptions build();

        protected abstract B self();
    }
}
