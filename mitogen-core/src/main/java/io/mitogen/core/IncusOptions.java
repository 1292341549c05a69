package io.mitogen.core;

import java.util.Map;

/**
 * Options for {@link Router#incus(IncusOptions)}: a child JVM in an Incus instance, entered with
 * {@code incus exec} on this machine or on {@code via}'s.
 *
 * <pre>{@code
 * Context ctr = router.incus(IncusOptions.builder().container("web").build());
 * }</pre>
 *
 * <p>The command is {@code incus exec --mode=non-interactive INSTANCE -- /bin/sh -c BOOT}.
 */
public final class IncusOptions extends ContainerOptions {

    private final String container;

    private final String incusPath;

    private IncusOptions(Builder builder) {
        super(builder);
        this.container = MethodWire.required("container", builder.container);
        this.incusPath = MethodWire.required("incusPath", builder.incusPath);
    }

    /** A builder with every option at its default; set the container. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return "incus";
    }

    /** The instance to enter (its name, or {@code remote:name}). */
    public String container() {
        return this.container;
    }

    /** The {@code incus} to run (default {@code incus}). */
    public String incusPath() {
        return this.incusPath;
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "container", this.container, "incusPath", this.incusPath);
    }

    static Builder fromWire(Map<String, Object> wire) {
        return builder().container(MethodWire.string(wire, "container"))
                .incusPath(MethodWire.string(wire, "incusPath"));
    }

    /** Builds {@link IncusOptions}. */
    public static final class Builder extends ContainerOptions.Builder<Builder> {

        private String container;

        private String incusPath = "incus";

        private Builder() {
        }

        /** The instance to enter (its name, or {@code remote:name}). */
        public Builder container(String container) {
            this.container = container;
            return this;
        }

        /** The {@code incus} to run (default {@code incus}). */
        public Builder incusPath(String incusPath) {
            this.incusPath = incusPath;
            return this;
        }

        /** The options; throws {@link InvalidOptionsException} naming any bad value. */
        public IncusOptions build() {
            return new IncusOptions(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
