package io.mitogen.core;

import java.util.Map;

/**
 * Options for {@link Router#podman(PodmanOptions)}: a child JVM in a Podman container,
 * started with the {@code podman} CLI on this machine or on {@code via}'s.
 *
 * <pre>{@code
 * Context ctr = router.podman(PodmanOptions.builder().container("web").build());
 * Context tmp = router.podman(PodmanOptions.builder().image("eclipse-temurin:17-jre").build());
 * }</pre>
 *
 * <p>The command is {@code podman exec --interactive [--user=USER] -- CONTAINER /bin/sh -c BOOT},
 * or for an image (a temporary container, removed when the child exits)
 * {@code podman run --interactive --rm [--user=USER] -- IMAGE /bin/sh -c BOOT}. No terminal is
 * requested, so the channel stays binary-clean. The container needs only {@code /bin/sh} and a
 * {@code java} on its PATH (or at {@link ConnectionOptions#javaPath()}).
 */
public final class PodmanOptions extends ContainerEngineOptions {

    private PodmanOptions(Builder builder) {
        super(builder);
    }

    /** A builder with every option at its default; set a container or an image. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return "podman";
    }

    /** The {@code podman} CLI to run (default {@code podman}, found on the PATH). */
    public String podmanPath() {
        return cliPath();
    }

    static Builder fromWire(Map<String, Object> wire) {
        return fromWire(builder(), "podman", wire);
    }

    /** Builds {@link PodmanOptions}. */
    public static final class Builder extends ContainerEngineOptions.Builder<Builder> {

        private Builder() {
            super("podman");
        }

        /** The {@code podman} CLI to run (default {@code podman}, found on the PATH). */
        public Builder podmanPath(String podmanPath) {
            this.cliPath = podmanPath;
            return this;
        }

        /** The options; throws {@link InvalidOptionsException} naming any bad value. */
        public PodmanOptions build() {
            return new PodmanOptions(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
