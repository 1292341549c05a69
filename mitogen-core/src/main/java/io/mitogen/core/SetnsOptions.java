package io.mitogen.core;

import java.util.Map;

/**
 * Options for {@link Router#setns(SetnsOptions)}: a child JVM inside a container's namespaces,
 * entered with {@code nsenter} by the container's leader pid, without the container tool's
 * {@code exec} (which may be slow, or missing from a minimal host). Needs root (or the
 * capabilities to enter those namespaces) in the context that runs it.
 *
 * <pre>{@code
 * Context ctr = router.setns(SetnsOptions.builder().kind(SetnsOptions.Kind.PODMAN).container("web").build());
 * Context pid = router.setns(SetnsOptions.builder().pid(4242).build());
 * }</pre>
 *
 * <p>The leader pid comes from the kind's tool: {@code docker|podman inspect
 * --format={{.State.Pid}} NAME}, {@code lxc-info -n NAME} ({@code PID:}), {@code lxc info NAME}
 * ({@code Pid:}) or {@code machinectl status NAME} ({@code Leader:}). The command is then
 * {@code nsenter --target=PID --mount --uts --ipc --net --pid --root --wd -- /bin/sh -c BOOT}, or
 * with a username {@code ... -- su -s /bin/sh USER -c BOOT}. nsenter forks into the new pid
 * namespace, so the JVM's threads start normally.
 */
public final class SetnsOptions extends ContainerOptions {

    /** Whose container it is: which tool tells its leader pid. */
    public enum Kind {
        /** {@code docker inspect}. */
        DOCKER("docker"),
        /** {@code podman inspect}. */
        PODMAN("podman"),
        /** {@code lxc-info}. */
        LXC("lxc-info"),
        /** LXD's {@code lxc info}. */
        LXD("lxc"),
        /** systemd-nspawn's {@code machinectl status}. */
        MACHINECTL("machinectl");

        private final String tool;

        Kind(String tool) {
            this.tool = tool;
        }

        /** The tool that tells the leader pid, by default. */
        public String defaultTool() {
            return this.tool;
        }
    }

    private final Kind kind;

    private final String container;

    private final long pid;

    private final String username;

    private final String toolPath;

    private final String nsenterPath;

    private SetnsOptions(Builder builder) {
        super(builder);
        if (builder.pid > 0) {
            if (builder.kind != null || builder.container != null) {
                throw new InvalidOptionsException("set either pid, or kind and container, not both");
            }
        }
        else if (builder.pid < 0) {
            throw new InvalidOptionsException("pid must be positive, not " + builder.pid);
        }
        else if (builder.kind == null || builder.container == null) {
            throw new InvalidOptionsException("set kind and container (or a pid)");
        }
        this.kind = builder.kind;
        this.container = (builder.container != null) ? MethodWire.required("container", builder.container) : null;
        this.pid = builder.pid;
        this.username = checkSafe("username", builder.username);
        this.toolPath = (builder.toolPath != null) ? MethodWire.required("toolPath", builder.toolPath)
                : (this.kind != null) ? this.kind.defaultTool() : null;
        this.nsenterPath = MethodWire.required("nsenterPath", builder.nsenterPath);
    }

    /** A builder with every option at its default; set a kind and container, or a pid. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return "setns";
    }

    /** The kind of container, or {@code null} when a pid is given. */
    public Kind kind() {
        return this.kind;
    }

    /** The container's name, or {@code null} when a pid is given. */
    public String container() {
        return this.container;
    }

    /** The leader pid to enter, or {@code 0} to ask the kind's tool. */
    public long pid() {
        return this.pid;
    }

    /** The user to become inside ({@code su -s /bin/sh USER}), or {@code null} to stay root. */
    public String username() {
        return this.username;
    }

    /** The tool that tells the leader pid (default: the kind's), or {@code null} with a pid. */
    public String toolPath() {
        return this.toolPath;
    }

    /** The {@code nsenter} to run (default {@code nsenter}, found on the PATH). */
    public String nsenterPath() {
        return this.nsenterPath;
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "kind", (this.kind != null) ? this.kind.name() : null, "container",
                this.container, "pid", this.pid, "username", this.username, "toolPath", this.toolPath, "nsenterPath",
                this.nsenterPath);
    }

    static Builder fromWire(Map<String, Object> wire) {
        String kind = MethodWire.string(wire, "kind");
        Object pid = wire.get("pid");
        Builder builder = builder().container(MethodWire.string(wire, "container"))
                .pid((pid instanceof Number) ? ((Number) pid).longValue() : 0)
                .username(MethodWire.string(wire, "username"))
                .toolPath(MethodWire.string(wire, "toolPath"))
                .nsenterPath(MethodWire.string(wire, "nsenterPath"));
        if (kind != null) {
            try {
                builder.kind(Kind.valueOf(kind));
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidOptionsException("unknown setns kind '" + kind + "'");
            }
        }
        return builder;
    }

    /** Builds {@link SetnsOptions}. */
    public static final class Builder extends ContainerOptions.Builder<Builder> {

        private Kind kind;

        private String container;

        private long pid;

        private String username;

        private String toolPath;

        private String nsenterPath = "nsenter";

        private Builder() {
        }

        /** The kind of container: which tool tells its leader pid. */
        public Builder kind(Kind kind) {
            this.kind = kind;
            return this;
        }

        /** The container's name. */
        public Builder container(String container) {
            this.container = container;
            return this;
        }

        /** Enter the namespaces of this process directly (instead of a kind and container). */
        public Builder pid(long pid) {
            this.pid = pid;
            return this;
        }

        /** The user to become inside (default: stay root). */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** The tool that tells the leader pid (default: the kind's, found on the PATH). */
        public Builder toolPath(String toolPath) {
            this.toolPath = toolPath;
            return this;
        }

        /** The {@code nsenter} to run (default {@code nsenter}, found on the PATH). */
        public Builder nsenterPath(String nsenterPath) {
            this.nsenterPath = nsenterPath;
            return this;
        }

        /** The options; throws {@link InvalidOptionsException} naming any bad value. */
        public SetnsOptions build() {
            return new SetnsOptions(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
