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
public final class DockerOptions extends ContainerOptions {

    private final String container;

    private final String image;

    private final String username;

    private final String dockerPath;

    private DockerOptions(Builder builder) {
        super(builder);
        if ((builder.container == null) == (builder.image == null)) {
            throw new InvalidOptionsException("set exactly one of container (an existing container) and image "
                    + "(a temporary container)");
        }
        this.container = (builder.container != null) ? MethodWire.required("container", builder.container) : null;
        this.image = (builder.image != null) ? MethodWire.required("image", builder.image) : null;
        this.username = checkSafe("username", builder.username);
        this.dockerPath = MethodWire.required("dockerPath", builder.dockerPath);
    }

    /** A builder with every option at its default; set a container or an image. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return "docker";
    }

    /** The running container to enter, or {@code null} when an image is run. */
    public String container() {
        return this.container;
    }

    /** The image to run as a temporary container ({@code --rm}), or {@code null}. */
    public String image() {
        return this.image;
    }

    /** The user to run as inside the container ({@code --user}), or {@code null} for its default. */
    public String username() {
        return this.username;
    }

    /** The {@code docker} CLI to run (default {@code docker}, found on the PATH). */
    public String dockerPath() {
        return this.dockerPath;
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "container", this.container, "image", this.image, "username",
                this.username, "dockerPath", this.dockerPath);
    }

    static Builder fromWire(Map<String, Object> wire) {
        Builder builder = builder().username(MethodWire.string(wire, "username"))
                .dockerPath(MethodWire.string(wire, "dockerPath"));
        builder.container = MethodWire.string(wire, "container");
        builder.image = MethodWire.string(wire, "image");
        return builder;
    }

    /** Builds {@link DockerOptions}. */
    public static final class Builder extends ContainerOptions.Builder<Builder> {

        private String container;

        private String image;

        private String username;

        private String dockerPath = "docker";

        private Builder() {
        }

        /** The running container to enter (name or id). */
        public Builder container(String container) {
            this.container = container;
            return this;
        }

        /** An image to run as a temporary container, removed when the child exits. */
        public Builder image(String image) {
            this.image = image;
            return this;
        }

        /** The user to run as inside the container ({@code --user}; name or uid[:gid]). */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** The {@code docker} CLI to run (default {@code docker}, found on the PATH). */
        public Builder dockerPath(String dockerPath) {
            this.dockerPath = dockerPath;
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
