package io.mitogen.core;

import java.nio.file.Path;

/**
 * How {@link Router#attach(AttachOptions)} reaches a detached context's socket: on this machine,
 * or through {@code via}, a context on the socket's machine that connects to it and relays.
 *
 * <pre>{@code
 * Context web = router.ssh(SshOptions.builder("web1").build());
 * Context monitor = router.attach(AttachOptions.builder(Path.of("/tmp/mon-123/sock")).via(web).build());
 * }</pre>
 */
public final class AttachOptions {

    private final Path socket;

    private final Context via;

    private AttachOptions(Builder builder) {
        this.socket = builder.socket;
        this.via = builder.via;
    }

    /** Options for the socket at {@code socket} (a path on the machine of {@code via}, if set). */
    public static Builder builder(Path socket) {
        if (socket == null) {
            throw new IllegalArgumentException("'socket' must not be null");
        }
        return new Builder(socket);
    }

    /** The socket's path. */
    public Path socket() {
        return this.socket;
    }

    /** The context that connects to the socket, or {@code null} for this one. */
    public Context via() {
        return this.via;
    }

    @Override
    public String toString() {
        return "AttachOptions(" + this.socket + ((this.via != null) ? " via " + this.via : "") + ")";
    }

    /** Builds {@link AttachOptions}. */
    public static final class Builder {

        private final Path socket;

        private Context via;

        private Builder(Path socket) {
            this.socket = socket;
        }

        /** The context that connects to the socket and relays (on the socket's machine). */
        public Builder via(Context via) {
            this.via = via;
            return this;
        }

        /** The options as set. */
        public AttachOptions build() {
            return new AttachOptions(this);
        }
    }
}
