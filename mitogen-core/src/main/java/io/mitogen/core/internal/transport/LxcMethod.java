package io.mitogen.core.internal.transport;

import java.util.List;

import io.mitogen.core.LxcOptions;
import io.mitogen.core.internal.connection.Link;

/** {@code lxc-attach --clear-env --name CONTAINER -- /bin/sh -c BOOT}, as the Python original. */
final class LxcMethod {

    private LxcMethod() {
    }

    static List<String> argv(LxcOptions options, String bootCommand) {
        return CommandMethods.withShell(List.of(options.lxcAttachPath(), "--clear-env", "--name", options.container(),
                "--"), bootCommand);
    }

    static Link start(LxcOptions options, String bootCommand) {
        return CommandMethods.start(argv(options, bootCommand), options.environment(), "lxc container "
                + options.container(), bootCommand);
    }
}
