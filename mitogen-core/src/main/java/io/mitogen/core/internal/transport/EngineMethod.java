package io.mitogen.core.internal.transport;

import java.util.ArrayList;
import java.util.List;

import io.mitogen.core.ContainerEngineOptions;
import io.mitogen.core.PodmanOptions;
import io.mitogen.core.internal.connection.Link;

/**
 * docker and podman, as the Python original runs them:
 * {@code ENGINE exec --interactive [--user=USER] CONTAINER /bin/sh -c BOOT}, or for an image
 * {@code ENGINE run --interactive --rm [--user=USER] IMAGE /bin/sh -c BOOT}; podman also gets
 * {@code --} before the container. No {@code --tty}: the channel must stay binary-clean.
 */
final class EngineMethod {

    private EngineMethod() {
    }

    static List<String> argv(ContainerEngineOptions options, String cliPath, String bootCommand) {
        List<String> argv = new ArrayList<>();
        argv.add(cliPath);
        argv.add((options.container() != null) ? "exec" : "run");
        argv.add("--interactive");
        if (options.container() == null) {
            argv.add("--rm");
        }
        if (options.username() != null) {
            argv.add("--user=" + options.username());
        }
        if (options instanceof PodmanOptions) {
            argv.add("--");
        }
        argv.add((options.container() != null) ? options.container() : options.image());
        return CommandMethods.withShell(argv, bootCommand);
    }

    static Link start(ContainerEngineOptions options, String cliPath, String bootCommand) {
        String what = options.method() + " " + ((options.container() != null) ? "container " + options.container()
                : "image " + options.image());
        return CommandMethods.start(argv(options, cliPath, bootCommand), options.environment(), what, bootCommand);
    }
}
