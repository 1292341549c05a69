package io.mitogen.core.internal.transport;

import java.util.List;
import java.util.Map;

import io.mitogen.core.IncusOptions;
import io.mitogen.core.LxdOptions;
import io.mitogen.core.internal.connection.Link;

/**
 * {@code incus exec --mode=non-interactive INSTANCE -- /bin/sh -c BOOT}, and the same with LXD's
 * {@code lxc} (incus is LXD's fork and kept its CLI).
 */
final class IncusMethod {

    private IncusMethod() {
    }

    static List<String> argv(String cli, String instance, String bootCommand) {
        return CommandMethods.withShell(List.of(cli, "exec", "--mode=non-interactive", instance, "--"), bootCommand);
    }

    static Link start(IncusOptions options, String bootCommand) {
        return start(options.incusPath(), options.container(), options.environment(), "incus", bootCommand);
    }

    static Link start(LxdOptions options, String bootCommand) {
        return start(options.lxcPath(), options.container(), options.environment(), "lxd", bootCommand);
    }

    private static Link start(String cli, String instance, Map<String, String> environment, String what,
            String bootCommand) {
        return CommandMethods.start(argv(cli, instance, bootCommand), environment, what + " instance " + instance,
                bootCommand);
    }
}
