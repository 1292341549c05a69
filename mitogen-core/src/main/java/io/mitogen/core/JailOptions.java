package io.mitogen.core;

import java.util.Map;

/**
 * Options for {@link Router#jail(JailOptions)}: a child JVM in a FreeBSD jail, entered with
 * {@code jexec} on this machine or on {@code via}'s.
 *
 * <pre>{@code
 * Context ctr = router.jail(JailOptions.builder().jail("web").build());
 * }</pre>
 *
 * <p>The command is {@code jexec [-U USER] JAIL /bin/sh -c BOOT}.
 */
public final class JailOptions extends ContainerOptions {

    private final String jail;

    private final String username;

    private final String jexecPath;

    private JailOptions(Builder builder) {
        super(builder);
        this.jail = MethodWire.required("jail", builder.jail);
        this.username = checkSafe("username", builder.username);
        this.jexecPath = MethodWire.required("jexecPath", builder.jexecPath);
    }

    /** A builder with every option at its default; set the jail. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return "jail";
    }

    /** The jail (its name or jid). */
    public String jail() {
        return this.jail;
    }

    /** The user to run as inside, or {@code null} for the default. */
    public String username() {
        return this.username;
    }

    /** The {@code /usr/sbin/jexec} to run (default {@code /usr/sbin/jexec}). */
    public String jexecPath() {
        return this.jexecPath;
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "jail", this.jail, 
                "username", this.username, "jexecPath", this.jexecPath);
    }

    static Builder fromWire(Map<String, Object> wire) {
        return builder().jail(MethodWire.string(wire, "jail"))
                .username(MethodWire.string(wire, "username"))
                .jexecPath(MethodWire.string(wire, "jexecPath"));
    }

    /** Builds {@link JailOptions}. */
    public static final class Builder extends ContainerOptions.Builder<Builder> {

        private String jail;

        private String username;

        private String jexecPath = "/usr/sbin/jexec";

        private Builder() {
        }

        /** The jail (its name or jid). */
        public Builder jail(String jail) {
            this.jail = jail;
            return this;
        }

        /** The user to run as inside (default: the jail's default, root). */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** The {@code /usr/sbin/jexec} to run (default {@code /usr/sbin/jexec}). */
        public Builder jexecPath(String jexecPath) {
            this.jexecPath = jexecPath;
            return this;
        }

        /** The options; throws {@link InvalidOptionsException} naming any bad value. */
        public JailOptions build() {
            return new JailOptions(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
