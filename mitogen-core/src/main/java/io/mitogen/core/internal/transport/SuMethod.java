package io.mitogen.core.internal.transport;

import java.util.ArrayList;
import java.util.List;

import io.mitogen.core.SuOptions;
import io.mitogen.core.internal.connection.Link;

/**
 * {@code su [-] USER -c BOOT}. su prompts on stderr and reads the password from stdin (PAM's
 * conversation), with or without a terminal.
 */
final class SuMethod {

    private SuMethod() {
    }

    static List<String> argv(SuOptions options, String bootCommand) {
        List<String> argv = new ArrayList<>();
        argv.add(options.suPath());
        if (options.login()) {
            argv.add("-");
        }
        argv.addAll(List.of(options.username(), "-c", bootCommand));
        return argv;
    }

    static Link start(SuOptions options, String bootCommand) {
        Prompts prompts = new Prompts("su " + options.username(), options.promptPattern(), options.password());
        for (String failure : options.failurePatterns()) {
            prompts.fail(Prompts.AUTHENTICATION, failure);
        }
        prompts.fail(Prompts.TTY_REQUIRED, "must be run from a terminal")
                .ttyHint("this su needs a terminal: use sudo, or reach this hop over ssh with a pty");
        return CommandMethods.startPrompting(argv(options, bootCommand), prompts, bootCommand);
    }
}
