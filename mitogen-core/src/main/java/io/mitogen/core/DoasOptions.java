package io.mitogen.core;

import java.util.Map;

/**
 * Options for {@link Router#doas(DoasOptions)}: a child JVM run as another user through
 * {@code doas} (OpenBSD's, or OpenDoas on Linux).
 *
 * <pre>{@code
 * Context app = router.doas(DoasOptions.builder().username("app").build());
 * }</pre>
 *
 * <p>The command is {@code doas [-n] -u USER -- /bin/sh -c BOOT}, with {@code -n} when no
 * password is set. doas reads a password only from a terminal, which a local child does not have
 * (Java cannot open a pseudo-terminal): without one it fails with {@code a tty is required},
 * reported as a {@link TtyRequiredException} that says how to fix it (a {@code permit nopass}
 * rule). Hence a password is only of use where the link provides a terminal.
 */
public final class DoasOptions extends ConnectionOptions {

    private final String username;

    private final Secret password;

    private final String doasPath;

    private DoasOptions(Builder builder) {
        super(builder);
        this.username = MethodWire.required("username", builder.username);
        this.password = builder.password;
        this.doasPath = MethodWire.required("doasPath", builder.doasPath);
    }

    /** A builder with every option at its default ({@code root}, no password). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return "doas";
    }

    /** The user to become (default {@code root}). */
    public String username() {
        return this.username;
    }

    /** The password to answer doas's prompt with, or {@code null}. */
    public Secret password() {
        return this.password;
    }

    /** The {@code doas} to run (default {@code doas}, found on the PATH). */
    public String doasPath() {
        return this.doasPath;
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "username", this.username, "password", this.password, "doasPath",
                this.doasPath);
    }

    static Builder fromWire(Map<String, Object> wire) {
        return builder().username(MethodWire.string(wire, "username"))
                .password(MethodWire.secret(wire, "password"))
                .doasPath(MethodWire.string(wire, "doasPath"));
    }

    @Override
    public String toString() {
        return MethodWire.describe(this);
    }

    /** Builds {@link DoasOptions}. */
    public static final class Builder extends ConnectionOptions.Builder<Builder> {

        private String username = "root";

        private Secret password;

        private String doasPath = "doas";

        private Builder() {
        }

        /** The user to become (default {@code root}). */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** The password doas may ask for; it never appears in logs, messages or {@code toString()}. */
        public Builder password(String password) {
            this.password = Secret.of(password);
            return this;
        }

        /** The password doas may ask for. */
        public Builder password(Secret password) {
            this.password = password;
            return this;
        }

        /** The {@code doas} to run (default {@code doas}, found on the PATH). */
        public Builder doasPath(String doasPath) {
            this.doasPath = doasPath;
            return this;
        }

        /** The options; throws {@link InvalidOptionsException} naming any bad value. */
        public DoasOptions build() {
            return new DoasOptions(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
