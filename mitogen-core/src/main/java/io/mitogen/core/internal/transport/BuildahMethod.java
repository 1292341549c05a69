package io.mitogen.core.internal.transport;

import java.util.ArrayList;
import java.util.List;

import io.mitogen.core.BuildahOptions;
import io.mitogen.core.internal.connection.Link;

/** {@code buildah run [--user=USER] -- CONTAINER /bin/sh -c BOOT}, as the Python original. */
final class BuildahMethod {

    private BuildahMethod() {
    }

    static List<String> argv(BuildahOptions options, String bootCommand) {
        List<String> argv = new ArrayList<>(List.of(options.buildahPath(), "run"));
        if (options.username() != null) {
            argv.add("--user=" + options.username());
        }
        argv.addAll(List.of("--", options.container()));
        return CommandMethods.withShell(argv, bootCommand);
    }

    static Link start(BuildahOptions options, String bootCommand) {
        return CommandMethods.start(argv(options, bootCommand), options.environment(), "buildah container "
                + options.container(), bootCommand);
    }
}
