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
public final class DoasOptions extends UserSwitchOptions {

    private final String doasPath;

    private DoasOptions(Builder builder) {
        super(builder);
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

    /** The {@code doas} to run (default {@code doas}, found on the PATH). */
    public String doasPath() {
        return this.doasPath;
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "doasPath",
                this.doasPath);
    }

    static Builder fromWire(Map<String, Object> wire) {
        return UserSwitchOptions.fromWire(builder(), wire)
                .doasPath(MethodWire.string(wire, "doasPath"));
    }

    @Override
    public String toString() {
        return MethodWire.describe(this);
    }

    /** Builds {@link DoasOptions}. */
    public static final class Builder extends UserSwitchOptions.Builder<Builder> {

        private String doasPath = "doas";

        private Builder() {
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
