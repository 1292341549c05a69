package io.mitogen.core;

import java.util.Map;

/**
 * Options for {@link Router#lxd(LxdOptions)}: a child JVM in an LXD instance, entered with
 * LXD's {@code lxc exec} on this machine or on {@code via}'s.
 *
 * <pre>{@code
 * Context ctr = router.lxd(LxdOptions.builder().container("web").build());
 * }</pre>
 *
 * <p>The command is {@code lxc exec --mode=non-interactive INSTANCE -- /bin/sh -c BOOT}.
 */
public final class LxdOptions extends ContainerOptions {

    private final String container;

    private final String lxcPath;

    private LxdOptions(Builder builder) {
        super(builder);
        this.container = MethodWire.required("container", builder.container);
        this.lxcPath = MethodWire.required("lxcPath", builder.lxcPath);
    }

    /** A builder with every option at its default; set the container. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return "lxd";
    }

    /** The instance to enter (its name, or {@code remote:name}). */
    public String container() {
        return this.container;
    }

    /** The {@code lxc} to run (default {@code lxc}). */
    public String lxcPath() {
        return this.lxcPath;
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "container", this.container, "lxcPath", this.lxcPath);
    }

    static Builder fromWire(Map<String, Object> wire) {
        return builder().container(MethodWire.string(wire, "container"))
                .lxcPath(MethodWire.string(wire, "lxcPath"));
    }

    /** Builds {@link LxdOptions}. */
    public static final class Builder extends ContainerOptions.Builder<Builder> {

        private String container;

        private String lxcPath = "lxc";

        private Builder() {
        }

        /** The instance to enter (its name, or {@code remote:name}). */
        public Builder container(String container) {
            this.container = container;
            return this;
        }

        /** The {@code lxc} to run (default {@code lxc}). */
        public Builder lxcPath(String lxcPath) {
            this.lxcPath = lxcPath;
            return this;
        }

        /** The options; throws {@link InvalidOptionsException} naming any bad value. */
        public LxdOptions build() {
            return new LxdOptions(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
