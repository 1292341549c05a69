package io.mitogen.core.internal.transport;

import java.util.ArrayList;
import java.util.List;

import io.mitogen.core.BuildahOptions;
import io.mitogen.core.ConnectionOptions;
import io.mitogen.core.DoasOptions;
import io.mitogen.core.DockerOptions;
import io.mitogen.core.IncusOptions;
import io.mitogen.core.InvalidOptionsException;
import io.mitogen.core.JailOptions;
import io.mitogen.core.KubectlOptions;
import io.mitogen.core.LocalOptions;
import io.mitogen.core.LxcOptions;
import io.mitogen.core.LxdOptions;
import io.mitogen.core.PodmanOptions;
import io.mitogen.core.SetnsOptions;
import io.mitogen.core.SshOptions;
import io.mitogen.core.SuOptions;
import io.mitogen.core.SudoOptions;
import io.mitogen.core.internal.connection.Link;

/**
 * Every connection method, registered once: its name (what {@link ConnectionOptions#method()}
 * returns, and what the Spring module's {@code transport} property names), its options type, and
 * how it starts a child. A new method is its options class (public, in {@code io.mitogen.core}, with
 * {@code toWire()} and a static {@code fromWire(Map)} for {@code via} connects, which
 * {@code MethodWire} finds through {@link #optionsType()}), its method class here, one constant
 * below and its one-line {@code Router} method.
 */
public enum ConnectionMethod {

    LOCAL("local", LocalOptions.class) {
        @Override
        Link start(ConnectionOptions options, String bootCommand, String javaPath) {
            return ProcessLink.start(List.of("/bin/sh", "-c", bootCommand), "local child (java " + javaPath + ")");
        }
    },

    /** Started through its shared {@code Transport} (the ssh client), never by {@link #start}. */
    SSH("ssh", SshOptions.class) {
        @Override
        Link start(ConnectionOptions options, String bootCommand, String javaPath) {
            throw new IllegalStateException("ssh connections start through their Transport");
        }
    },

    SUDO("sudo", SudoOptions.class) {
        @Override
        Link start(ConnectionOptions options, String bootCommand, String javaPath) {
            return SudoMethod.start((SudoOptions) options, bootCommand);
        }
    },

    SU("su", SuOptions.class) {
        @Override
        Link start(ConnectionOptions options, String bootCommand, String javaPath) {
            return SuMethod.start((SuOptions) options, bootCommand);
        }
    },

    DOAS("doas", DoasOptions.class) {
        @Override
        Link start(ConnectionOptions options, String bootCommand, String javaPath) {
            return DoasMethod.start((DoasOptions) options, bootCommand);
        }
    },

    DOCKER("docker", DockerOptions.class) {
        @Override
        Link start(ConnectionOptions options, String bootCommand, String javaPath) {
            return EngineMethod.start((DockerOptions) options, ((DockerOptions) options).dockerPath(), bootCommand);
        }
    },

    PODMAN("podman", PodmanOptions.class) {
        @Override
        Link start(ConnectionOptions options, String bootCommand, String javaPath) {
            return EngineMethod.start((PodmanOptions) options, ((PodmanOptions) options).podmanPath(), bootCommand);
        }
    },

    KUBECTL("kubectl", KubectlOptions.class) {
        @Override
        Link start(ConnectionOptions options, String bootCommand, String javaPath) {
            return KubectlMethod.start((KubectlOptions) options, bootCommand);
        }
    },

    LXC("lxc", LxcOptions.class) {
        @Override
        Link start(ConnectionOptions options, String bootCommand, String javaPath) {
            return LxcMethod.start((LxcOptions) options, bootCommand);
        }
    },

    INCUS("incus", IncusOptions.class) {
        @Override
        Link start(ConnectionOptions options, String bootCommand, String javaPath) {
            return IncusMethod.start((IncusOptions) options, bootCommand);
        }
    },

    LXD("lxd", LxdOptions.class) {
        @Override
        Link start(ConnectionOptions options, String bootCommand, String javaPath) {
            return IncusMethod.start((LxdOptions) options, bootCommand);
        }
    },

    BUILDAH("buildah", BuildahOptions.class) {
        @Override
        Link start(ConnectionOptions options, String bootCommand, String javaPath) {
            return BuildahMethod.start((BuildahOptions) options, bootCommand);
        }
    },

    JAIL("jail", JailOptions.class) {
        @Override
        Link start(ConnectionOptions options, String bootCommand, String javaPath) {
            return JailMethod.start((JailOptions) options, bootCommand);
        }
    },

    SETNS("setns", SetnsOptions.class) {
        @Override
        Link start(ConnectionOptions options, String bootCommand, String javaPath) {
            return SetnsMethod.start((SetnsOptions) options, bootCommand);
        }
    };

    private final String methodName;

    private final Class<? extends ConnectionOptions> optionsType;

    ConnectionMethod(String methodName, Class<? extends ConnectionOptions> optionsType) {
        this.methodName = methodName;
        this.optionsType = optionsType;
    }

    /** The method's name, e.g. {@code sudo}: {@link ConnectionOptions#method()} of its options. */
    public String methodName() {
        return this.methodName;
    }

    /** The options type of this method, e.g. {@link SudoOptions}. */
    public Class<? extends ConnectionOptions> optionsType() {
        return this.optionsType;
    }

    /** The method called {@code name}; an unknown name is refused with the list of known ones. */
    public static ConnectionMethod named(String name) {
        for (ConnectionMethod method : values()) {
            if (method.methodName.equals(name)) {
                return method;
            }
        }
        throw new InvalidOptionsException("unknown connection method '" + name + "': use one of " + names());
    }

    /** Every method's name, in declaration order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (ConnectionMethod method : values()) {
            names.add(method.methodName);
        }
        return names;
    }

    /** The {@code java} a method runs when none is configured. */
    public static String defaultJavaPath(ConnectionOptions options) {
        if (options instanceof LocalOptions) {
            // A local child runs the same Java as its parent unless told otherwise.
            return System.getProperty("java.home") + "/bin/java";
        }
        return "java";
    }

    /** Starts {@code options}' child as a local process of this context, running {@code bootCommand}. */
    public static Link startProcess(ConnectionOptions options, String bootCommand, String javaPath) {
        return named(options.method()).start(options, bootCommand, javaPath);
    }

    abstract Link start(ConnectionOptions options, String bootCommand, String javaPath);
}
