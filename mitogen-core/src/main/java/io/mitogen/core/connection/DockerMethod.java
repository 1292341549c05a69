package io.mitogen.core.connection;

import java.util.ArrayList;
import java.util.List;

import io.mitogen.core.DockerOptions;

/**
 * {@code docker exec --interactive [--user=USER] CONTAINER /bin/sh -c BOOT}, or for an image
 * {@code docker run --interactive --rm [--user=USER] IMAGE /bin/sh -c BOOT}, as the Python
 * original. No {@code --tty}: the channel must stay binary-clean.
 */
final class DockerMethod {

    private DockerMethod() {
    }

    static List<String> argv(DockerOptions options, String bootCommand) {
        List<String> argv = new ArrayList<>();
        argv.add(options.dockerPath());
        argv.add((options.container() != null) ? "exec" : "run");
        argv.add("--interactive");
        if (options.container() == null) {
            argv.add("--rm");
        }
        if (options.username() != null) {
            argv.add("--user=" + options.username());
        }
        argv.add((options.container() != null) ? options.container() : options.image());
        return CommandMethods.withShell(argv, bootCommand);
    }

    static Link start(DockerOptions options, String bootCommand) {
        String what = "docker " + ((options.container() != null) ? "container " + options.container()
                : "image " + options.image());
        return CommandMethods.start(argv(options, bootCommand), options.environment(), what, bootCommand);
    }
}
