package io.mitogen.core.internal.transport;

import io.mitogen.core.internal.connection.Link;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mitogen.core.BuildahOptions;
import io.mitogen.core.ConnectionOptions;
import io.mitogen.core.DoasOptions;
import io.mitogen.core.DockerOptions;
import io.mitogen.core.IncusOptions;
import io.mitogen.core.JailOptions;
import io.mitogen.core.KubectlOptions;
import io.mitogen.core.LxcOptions;
import io.mitogen.core.LxdOptions;
import io.mitogen.core.PodmanOptions;
import io.mitogen.core.SetnsOptions;
import io.mitogen.core.SuOptions;
import io.mitogen.core.SudoOptions;

/**
 * The privilege and container methods: each is "prefix this argv" to {@code /bin/sh -c BOOT}
 * (one small class per method builds its argv), run as a local process of the context that
 * connects. sudo, su and doas also answer a password prompt ({@link PromptingLink}).
 */
public final class CommandMethods {

    private CommandMethods() {
    }

    /** Starts {@code options}' transport, or returns {@code null} when it is not one of these methods. */
    public static Link start(ConnectionOptions options, String bootCommand) {
        // Instanceof, not a switch on the name: no hash tables in a class every child is sent.
        if (options instanceof SudoOptions) {
            return SudoMethod.start((SudoOptions) options, bootCommand);
        }
        if (options instanceof SuOptions) {
            return SuMethod.start((SuOptions) options, bootCommand);
        }
        if (options instanceof DoasOptions) {
            return DoasMethod.start((DoasOptions) options, bootCommand);
        }
        if (options instanceof DockerOptions) {
            return EngineMethod.start((DockerOptions) options, ((DockerOptions) options).dockerPath(), bootCommand);
        }
        if (options instanceof PodmanOptions) {
            return EngineMethod.start((PodmanOptions) options, ((PodmanOptions) options).podmanPath(), bootCommand);
        }
        if (options instanceof KubectlOptions) {
            return KubectlMethod.start((KubectlOptions) options, bootCommand);
        }
        if (options instanceof LxcOptions) {
            return LxcMethod.start((LxcOptions) options, bootCommand);
        }
        if (options instanceof IncusOptions) {
            return IncusMethod.start((IncusOptions) options, bootCommand);
        }
        if (options instanceof LxdOptions) {
            return IncusMethod.start((LxdOptions) options, bootCommand);
        }
        if (options instanceof BuildahOptions) {
            return BuildahMethod.start((BuildahOptions) options, bootCommand);
        }
        if (options instanceof JailOptions) {
            return JailMethod.start((JailOptions) options, bootCommand);
        }
        if (options instanceof SetnsOptions) {
            return SetnsMethod.start((SetnsOptions) options, bootCommand);
        }
        return null;
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
