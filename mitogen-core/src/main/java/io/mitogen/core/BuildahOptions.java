package io.mitogen.core;

import java.util.Map;

/**
 * Options for {@link Router#buildah(BuildahOptions)}: a child JVM in a Buildah working container,
 * run with {@code buildah run} on this machine or on {@code via}'s.
 *
 * <pre>{@code
 * Context ctr = router.buildah(BuildahOptions.builder().container("web").build());
 * }</pre>
 *
 * <p>The command is {@code buildah run [--user=USER] -- CONTAINER /bin/sh -c BOOT}.
 */
public final class BuildahOptions extends ContainerOptions {

    private final String container;

    private final String username;

    private final String buildahPath;

    private BuildahOptions(Builder builder) {
        super(builder);
        this.container = MethodWire.required("container", builder.container);
        this.username = checkSafe("username", builder.username);
        this.buildahPath = MethodWire.required("buildahPath", builder.buildahPath);
    }

    /** A builder with every option at its default; set the container. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return "buildah";
    }

    /** The working container (its name or id). */
    public String container() {
        return this.container;
    }

    /** The user to run as inside, or {@code null} for the default. */
    public String username() {
        return this.username;
    }

    /** The {@code buildah} to run (default {@code buildah}). */
    public String buildahPath() {
        return this.buildahPath;
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "container", this.container, 
                "username", this.username, "buildahPath", this.buildahPath);
    }

    static Builder fromWire(Map<String, Object> wire) {
        return builder().container(MethodWire.string(wire, "container"))
                .username(MethodWire.string(wire, "username"))
                .buildahPath(MethodWire.string(wire, "buildahPath"));
    }

    /** Builds {@link BuildahOptions}. */
    public static final class Builder extends ContainerOptions.Builder<Builder> {

        private String container;

        private String username;

        private String buildahPath = "buildah";

        private Builder() {
        }

        /** The working container (its name or id). */
        public Builder container(String container) {
            this.container = container;
            return this;
        }

        /** The user to run as inside (default: the container's default user). */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** The {@code buildah} to run (default {@code buildah}). */
        public Builder buildahPath(String buildahPath) {
            this.buildahPath = buildahPath;
            return this;
        }

        /** The options; throws {@link InvalidOptionsException} naming any bad value. */
        public BuildahOptions build() {
            return new BuildahOptions(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
