package io.mitogen.core.internal.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mitogen.core.internal.connection.Link;

/**
 * What the privilege and container methods share: each is "prefix this argv" to
 * {@code /bin/sh -c BOOT} (one small class per method builds its argv, registered in
 * {@link ConnectionMethod}), run as a local process of the context that connects. sudo, su and
 * doas also answer a password prompt ({@link PromptingLink}).
 */
final class CommandMethods {

    private CommandMethods() {
    }

    /** {@code prefix} followed by {@code /bin/sh -c BOOT}. */
    static List<String> withShell(List<String> prefix, String bootCommand) {
        List<String> argv = new ArrayList<>(prefix);
        argv.add("/bin/sh");
        argv.add("-c");
        argv.add(bootCommand);
        return argv;
    }

    /** Starts {@code argv}; {@code what} names the hop in messages, e.g. {@code sudo -u app}. */
    static Link start(List<String> argv, Map<String, String> environment, String what, String bootCommand) {
        return ProcessLink.start(argv, environment, what + " child (" + describe(argv, bootCommand) + ")");
    }

    /** Starts {@code argv} and answers its password prompt as {@code prompts} says. */
    static Link startPrompting(List<String> argv, Prompts prompts, String bootCommand) {
        return new PromptingLink(start(argv, Map.of(), prompts.who, bootCommand), prompts);
    }

    /** The argv as text, with the (long) boot command abbreviated. */
    static String describe(List<String> argv, String bootCommand) {
        StringBuilder text = new StringBuilder();
        for (String arg : argv) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(arg.replace(bootCommand, "<boot command>"));
        }
        return text.toString();
    }
}
