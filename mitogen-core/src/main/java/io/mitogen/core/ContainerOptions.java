package io.mitogen.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the container methods share (docker, podman, kubectl, lxc, incus, lxd, buildah, jail,
 * setns): environment variables for the container tool itself, e.g. {@code DOCKER_HOST},
 * {@code CONTAINERS_CONF} or {@code KUBECONFIG}. They are added to the tool's environment (not
 * the child's) in the context that runs the tool, which is {@code via}'s when set.
 */
public abstract class ContainerOptions extends ConnectionOptions {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;

    protected ContainerOptions(Builder<?> builder) {
        super(builder);
        for (Map.Entry<String, String> entry : builder.environment.entrySet()) {
            if (!NAME.matcher(entry.getKey()).matches()) {
                throw new InvalidOptionsException("environment variable name '" + entry.getKey()
                        + "' is not valid: use letters, digits and _");
            }
            checkSafe("environment value of " + entry.getKey(), entry.getValue());
        }
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(builder.environment));
    }

    /** Variables added to the container tool's environment. */
    public Map<String, String> environment() {
        return this.environment;
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "environment", this.environment);
    }

    @Override
    public String toString() {
        return MethodWire.describe(this);
    }

    /**
     * The options every container method's builder has.
     *
     * @param <B> the concrete builder, returned by each setter
     */
    public abstract static class Builder<B extends Builder<B>> extends ConnectionOptions.Builder<B> {

        private final Map<String, String> environment = new LinkedHashMap<>();

        protected Builder() {
        }

        /** Adds {@code name=value} to the container tool's environment, e.g. {@code DOCKER_HOST}. */
        public B environment(String name, String value) {
            if (name == null || value == null) {
                throw new InvalidOptionsException("environment names and values must not be null");
            }
            this.environment.put(name, value);
            return self();
        }
    }
}
