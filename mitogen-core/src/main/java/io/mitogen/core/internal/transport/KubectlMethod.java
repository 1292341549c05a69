package io.mitogen.core.internal.transport;

import java.util.ArrayList;
import java.util.List;

import io.mitogen.core.KubectlOptions;
import io.mitogen.core.internal.connection.Link;

/**
 * {@code kubectl [ARGS] exec -i [--namespace=NS] [--container=C] POD -- /bin/sh -c BOOT}. The
 * Python original asks for {@code -it}; a terminal would mangle this binary channel, so only
 * {@code -i}.
 */
final class KubectlMethod {

    private KubectlMethod() {
    }

    static List<String> argv(KubectlOptions options, String bootCommand) {
        List<String> argv = new ArrayList<>();
        argv.add(options.kubectlPath());
        argv.addAll(options.kubectlArgs());
        argv.addAll(List.of("exec", "-i"));
        if (options.namespace() != null) {
            argv.add("--namespace=" + options.namespace());
        }
        if (options.container() != null) {
            argv.add("--container=" + options.container());
        }
        argv.addAll(List.of(options.pod(), "--"));
        return CommandMethods.withShell(argv, bootCommand);
    }

    static Link start(KubectlOptions options, String bootCommand) {
        return CommandMethods.start(argv(options, bootCommand), options.environment(), "kubectl pod " + options.pod(),
                bootCommand);
    }
}
