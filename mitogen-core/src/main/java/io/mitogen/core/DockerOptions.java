package io.mitogen.core;

import java.util.Map;

/**
 * Options for {@link Router#docker(DockerOptions)}: a child JVM in a Docker container,
 * started with the {@code docker} CLI on this machine or on {@code via}'s.
 *
 * <pre>{@code
 * Context ctr = router.docker(DockerOptions.builder().container("web").build());
 * Context tmp = router.docker(DockerOptions.builder().image("eclipse-temurin:17-jre").build());
 * }</pre>
 *
 * <p>The command is {@code docker exec --interactive [--user=USER] CONTAINER /bin/sh -c BOOT},
 * or for an image (a temporary container, removed when the child exits)
 * {@code docker run --interactive --rm [--user=USER] IMAGE /bin/sh -c BOOT}. No terminal is
 * requested, so the channel stays binary-clean. The container needs only {@code /bin/sh} and a
 * {@code java} on its PATH (or at {@link ConnectionOptions#javaPath()}).
 */
public final class DockerOptions extends ContainerEngineOptions {

    private DockerOptions(Builder builder) {
        super(builder);
    }

    /** A builder with every option at its default; set a container or an image. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return "docker";
    }

    /** The {@code docker} CLI to run (default {@code docker}, found on the PATH). */
    public String dockerPath() {
        return cliPath();
    }

    static Builder fromWire(Map<String, Object> wire) {
        return fromWire(builder(), "docker", wire);
    }

    /** Builds {@link DockerOptions}. */
    public static final class Builder extends ContainerEngineOptions.Builder<Builder> {

        private Builder() {
            super("docker");
        }

        /** The {@code docker} CLI to run (default {@code docker}, found on the PATH). */
        public Builder dockerPath(String dockerPath) {
            this.cliPath = dockerPath;
            return this;
        }

        /** The options; throws {@link InvalidOptionsException} naming any bad value. */
        public DockerOptions build() {
            return new DockerOptions(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
