package io.mitogen.core.connection;

import java.util.ArrayList;
import java.util.List;

import io.mitogen.core.PodmanOptions;

/**
 * {@code podman exec --interactive [--user=USER] -- CONTAINER /bin/sh -c BOOT}, or for an image
 * {@code podman run --interactive --rm [--user=USER] -- IMAGE /bin/sh -c BOOT}, as the Python
 * original. No {@code --tty}: the channel must stay binary-clean.
 */
final class PodmanMethod {

    private PodmanMethod() {
    }

    static List<String> argv(PodmanOptions options, String bootCommand) {
        List<String> argv = new ArrayList<>();
        argv.add(options.podmanPath());
        argv.add((options.container() != null) ? "exec" : "run");
        argv.add("--interactive");
        if (options.container() == null) {
            argv.add("--rm");
        }
        if (options.username() != null) {
            argv.add("--user=" + options.username());
        }
        argv.add("--");
        argv.add((options.container() != null) ? options.container() : options.image());
        return CommandMethods.withShell(argv, bootCommand);
    }

    static Link start(PodmanOptions options, String bootCommand) {
        String what = "podman " + ((options.container() != null) ? "container " + options.container()
                : "image " + options.image());
        return CommandMethods.start(argv(options, bootCommand), options.environment(), what, bootCommand);
    }
}
