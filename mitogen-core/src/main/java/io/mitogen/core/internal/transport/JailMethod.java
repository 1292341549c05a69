package io.mitogen.core.internal.transport;

import java.util.ArrayList;
import java.util.List;

import io.mitogen.core.JailOptions;
import io.mitogen.core.internal.connection.Link;

/** {@code jexec [-U USER] JAIL /bin/sh -c BOOT} (FreeBSD), as the Python original. */
final class JailMethod {

    private JailMethod() {
    }

    static List<String> argv(JailOptions options, String bootCommand) {
        List<String> argv = new ArrayList<>();
        argv.add(options.jexecPath());
        if (options.username() != null) {
            argv.addAll(List.of("-U", options.username()));
        }
        argv.add(options.jail());
        return CommandMethods.withShell(argv, bootCommand);
    }

    static Link start(JailOptions options, String bootCommand) {
        return CommandMethods.start(argv(options, bootCommand), options.environment(), "jail " + options.jail(),
                bootCommand);
    }
}
