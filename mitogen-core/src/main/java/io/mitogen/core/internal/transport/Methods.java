package io.mitogen.core.internal.transport;

import java.util.List;

import io.mitogen.core.ConnectionOptions;
import io.mitogen.core.InvalidOptionsException;
import io.mitogen.core.internal.connection.Link;

/**
 * Turns connection options into a started {@link Link}. Most methods are "prefix this argv" on
 * top of running the boot command with {@code sh -c}.
 */
public final class Methods {

    private Methods() {
    }

    /** The {@code java} a method runs when none is configured. */
    public static String defaultJavaPath(ConnectionOptions options) {
        if ("local".equals(options.method())) {
            // A local child runs the same Java as its parent unless told otherwise.
            return System.getProperty("java.home") + "/bin/java";
        }
        return "java";
    }

    /** Starts the transport for {@code options}, running {@code bootCommand}. */
    public static Link start(ConnectionOptions options, String bootCommand, String javaPath) {
        Link command = CommandMethods.start(options, bootCommand);
        if (command != null) {
            return command;
        }
        if ("local".equals(options.method())) {
            return ProcessLink.start(List.of("/bin/sh", "-c", bootCommand), "local child (java " + javaPath + ")");
        }
        throw new InvalidOptionsException("unknown connection method '" + options.method() + "'");
    }
}
