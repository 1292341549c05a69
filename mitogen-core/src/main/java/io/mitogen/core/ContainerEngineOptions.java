package io.mitogen.core;

import java.util.Map;

/**
 * What docker and podman share: a running container to enter, or an image to run as a
 * temporary container (removed when the child exits), the user to run as inside it, and the
 * path of the engine's CLI. {@link DockerOptions} and {@link PodmanOptions} name the CLI's
 * option after their engine.
 */
public abstract class ContainerEngineOptions extends ContainerOptions {

    private final String container;

    private final String image;

    private final String username;

    private final String cliPath;

    ContainerEngineOptions(Builder<?> builder) {
        super(builder);
        if ((builder.container == null) == (builder.image == null)) {
            throw new InvalidOptionsException("set exactly one of container (an existing container) and image "
                    + "(a temporary container)");
        }
        this.container = (builder.container != null) ? MethodWire.required("container", builder.container) : null;
        this.image = (builder.image != null) ? MethodWire.required("image", builder.image) : null;
        this.username = checkSafe("username", builder.username);
        this.cliPath = MethodWire.required(method() + "Path", builder.cliPath);
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

    /** The engine's CLI to run. */
    String cliPath() {
        return this.cliPath;
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "container", this.container, "image", this.image, "username",
                this.username, method() + "Path", this.cliPath);
    }

    /** Fills {@code builder} from what a parent sent for {@code method}. */
    static <B extends Builder<B>> B fromWire(B builder, String method, Map<String, Object> wire) {
        Builder<?> base = builder;
        base.container = MethodWire.string(wire, "container");
        base.image = MethodWire.string(wire, "image");
        base.username = MethodWire.string(wire, "username");
        base.cliPath = MethodWire.string(wire, method + "Path");
        return builder;
    }

    /**
     * The options docker's and podman's builders share.
     *
     * @param <B> the concrete builder, returned by each setter
     */
    public abstract static class Builder<B extends Builder<B>> extends ContainerOptions.Builder<B> {

        private String container;

        private String image;

        private String username;

        String cliPath;

        Builder(String cliPath) {
            this.cliPath = cliPath;
        }

        /** The running container to enter (name or id). */
        public B container(String container) {
            this.container = container;
            return self();
        }

        /** An image to run as a temporary container, removed when the child exits. */
        public B image(String image) {
            this.image = image;
            return self();
        }

        /** The user to run as inside the container ({@code --user}; name or uid[:gid]). */
        public B username(String username) {
            this.username = username;
            return self();
        }
    }
}
