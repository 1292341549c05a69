package io.mitogen.core;

import java.util.Map;

/**
 * Options for {@link Router#lxc(LxcOptions)}: a child JVM in an LXC container, entered with
 * {@code lxc-attach} on this machine or on {@code via}'s.
 *
 * <pre>{@code
 * Context ctr = router.lxc(LxcOptions.builder().container("web").build());
 * }</pre>
 *
 * <p>The command is {@code lxc-attach --clear-env --name CONTAINER -- /bin/sh -c BOOT}: the
 * environment is cleared, and lxc-attach then sets a default {@code PATH}.
 */
public final class LxcOptions extends ContainerOptions {

    private final String container;

    private final String lxcAttachPath;

    private LxcOptions(Builder builder) {
        super(builder);
        this.container = MethodWire.required("container", builder.container);
        this.lxcAttachPath = MethodWire.required("lxcAttachPath", builder.lxcAttachPath);
    }

    /** A builder with every option at its default; set the container. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return "lxc";
    }

    /** The container to attach to (its name). */
    public String container() {
        return this.container;
    }

    /** The {@code lxc-attach} to run (default {@code lxc-attach}). */
    public String lxcAttachPath() {
        return this.lxcAttachPath;
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "container", this.container, 
                "lxcAttachPath", this.lxcAttachPath);
    }

    static Builder fromWire(Map<String, Object> wire) {
        return builder().container(MethodWire.string(wire, "container"))
                .lxcAttachPath(MethodWire.string(wire, "lxcAttachPath"));
    }

    /** Builds {@link LxcOptions}. */
    public static final class Builder extends ContainerOptions.Builder<Builder> {

        private String container;

        private String lxcAttachPath = "lxc-attach";

        private Builder() {
        }

        /** The container to attach to (its name). */
        public Builder container(String container) {
            this.container = container;
            return this;
        }

        /** The {@code lxc-attach} to run (default {@code lxc-attach}). */
        public Builder lxcAttachPath(String lxcAttachPath) {
            this.lxcAttachPath = lxcAttachPath;
            return this;
        }

        /** The options; throws {@link InvalidOptionsException} naming any bad value. */
        public LxcOptions build() {
            return new LxcOptions(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
