package io.mitogen.core.internal.transport;

import java.util.ArrayList;
import java.util.List;

import io.mitogen.core.DoasOptions;
import io.mitogen.core.internal.connection.Link;

/**
 * {@code doas [-n] -u USER -- /bin/sh -c BOOT}. doas reads a password only from a terminal, so
 * with a password this hop {@linkplain Prompts#needsTty() needs a tty}; locally its refusal
 * becomes a {@link io.mitogen.core.TtyRequiredException} that says how to do without one.
 */
final class DoasMethod {

    private DoasMethod() {
    }

    static List<String> argv(DoasOptions options, String bootCommand) {
        List<String> argv = new ArrayList<>();
        argv.add(options.doasPath());
        if (options.password() == null) {
            argv.add("-n");
        }
        argv.addAll(List.of("-u", options.username(), "--"));
        return CommandMethods.withShell(argv, bootCommand);
    }

    static Link start(DoasOptions options, String bootCommand) {
        String invoker = System.getProperty("user.name", "USER");
        Prompts prompts = new Prompts("doas -u " + options.username(), "password:\\s*$", options.password())
                .fail(Prompts.AUTHENTICATION, "doas: authentication failed")
                .fail(Prompts.TTY_REQUIRED, "a tty is required")
                .fail(Prompts.PASSWORD_REQUIRED, "doas: authori[sz]ation required")
                .fail(Prompts.PASSWORD_REQUIRED, "doas: authentication required")
                .needsTty(options.password() != null)
                .ttyHint("doas reads passwords only from a terminal; allow this hop without one with 'permit nopass "
                        + invoker + " as " + options.username() + "' in doas.conf, or reach it over ssh with a pty");
        return CommandMethods.startPrompting(argv(options, bootCommand), prompts, bootCommand);
    }
}
