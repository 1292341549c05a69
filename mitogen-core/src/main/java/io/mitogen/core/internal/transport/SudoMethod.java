package io.mitogen.core.internal.transport;

import java.util.ArrayList;
import java.util.List;

import io.mitogen.core.SudoOptions;
import io.mitogen.core.internal.connection.Link;

/**
 * {@code sudo -u USER [-S -p PROMPT | -n] [-E] [-H] -- /bin/sh -c BOOT}. With a
 * password sudo reads it from stdin after a prompt of ours; without one {@code -n} makes it fail
 * at once instead of asking. Failure texts as sudo 1.9 prints them.
 */
final class SudoMethod {

    /** Forced with {@code -p}: no {@code %} escapes, nothing a shell would touch. */
    static final String PROMPT = "mitogen-sudo-password:";

    private SudoMethod() {
    }

    static List<String> argv(SudoOptions options, String bootCommand) {
        List<String> argv = new ArrayList<>(List.of(options.sudoPath(), "-u", options.username()));
        if (options.password() != null) {
            argv.addAll(List.of("-S", "-p", PROMPT));
        }
        else {
            argv.add("-n");
        }
        if (options.preserveEnv()) {
            argv.add("-E");
        }
        if (options.setHome() || options.login()) {
            argv.add("-H");
        }
        argv.add("--");
        if (options.login()) {
            // Not sudo -i: it re-escapes the command for the login shell, which then expands its $.
            argv.addAll(List.of("/bin/sh", "-l", "-c", "cd&&" + bootCommand));
            return argv;
        }
        return CommandMethods.withShell(argv, bootCommand);
    }

    static Link start(SudoOptions options, String bootCommand) {
        String who = "sudo -u " + options.username();
        String invoker = System.getProperty("user.name", "USER");
        Prompts prompts = new Prompts(who, "(?:" + PROMPT + "|password[^\\n]{0,60}:)\\s*$", options.password())
                .fail(Prompts.AUTHENTICATION, "Sorry, try again\\.")
                .fail(Prompts.AUTHENTICATION, "incorrect password attempt")
                .fail(Prompts.TTY_REQUIRED, "you must have a tty to run sudo")
                .fail(Prompts.PASSWORD_REQUIRED, "a terminal is required to read the password")
                .fail(Prompts.PASSWORD_REQUIRED, "a password is required")
                .ttyHint("sudoers has 'requiretty' for " + invoker + "; lift it with 'Defaults:" + invoker
                        + " !requiretty' (visudo), or reach this hop over ssh with a pty");
        return CommandMethods.startPrompting(argv(options, bootCommand), prompts, bootCommand);
    }
}
