package io.mitogen.core.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.mitogen.core.ConnectFailedException;
import io.mitogen.core.SetnsOptions;
import io.mitogen.core.internal.connection.Link;

/**
 * {@code nsenter --target=PID --mount --uts --ipc --net --pid --root --wd -- /bin/sh -c BOOT}
 * (or {@code ... -- su -s /bin/sh USER -c BOOT}), where PID is the container's leader, asked of
 * the container's own tool first. nsenter forks after entering the pid namespace, so the JVM and
 * its threads live wholly inside it (the Python original adds a shell for the same reason).
 */
final class SetnsMethod {

    private SetnsMethod() {
    }

    static List<String> argv(SetnsOptions options, long pid, String bootCommand) {
        List<String> argv = new ArrayList<>(List.of(options.nsenterPath(), "--target=" + pid, "--mount", "--uts",
                "--ipc", "--net", "--pid", "--root", "--wd", "--"));
        if (options.username() == null) {
            return CommandMethods.withShell(argv, bootCommand);
        }
        argv.addAll(List.of("su", "-s", "/bin/sh", options.username(), "-c", bootCommand));
        return argv;
    }

    static Link start(SetnsOptions options, String bootCommand) {
        long pid = (options.pid() > 0) ? options.pid() : leaderPid(options);
        String what = "setns " + ((options.container() != null)
                ? options.kind().name().toLowerCase(java.util.Locale.ROOT) + " container " + options.container()
                : "pid " + pid);
        return CommandMethods.start(argv(options, pid, bootCommand), options.environment(), what, bootCommand);
    }

    /** The container's leader pid, in the words of its tool, within the connect timeout. */
    static long leaderPid(SetnsOptions options) {
        List<String> argv;
        String label;
        SetnsOptions.Kind kind = options.kind();
        if (kind == SetnsOptions.Kind.DOCKER || kind == SetnsOptions.Kind.PODMAN) {
            argv = List.of(options.toolPath(), "inspect", "--format={{.State.Pid}}", options.container());
            label = null;
        }
        else if (kind == SetnsOptions.Kind.LXC) {
            argv = List.of(options.toolPath(), "-n", options.container());
            label = "pid:";
        }
        else if (kind == SetnsOptions.Kind.LXD) {
            argv = List.of(options.toolPath(), "info", options.container());
            label = "pid:";
        }
        else {
            argv = List.of(options.toolPath(), "status", options.container());
            label = "leader:";
        }
        String command = String.join(" ", argv);
        String what = "setns: the leader pid of " + options.kind() + " container " + options.container();
        String output = run(argv, options, command, what);
        for (String line : output.split("\n")) {
            String[] words = line.trim().split("\\s+");
            int at = (label == null) ? 0 : 1;
            if ((label == null) ? words.length == 1 && !words[0].isEmpty()
                    : words.length > 1 && words[0].equalsIgnoreCase(label)) {
                long pid = -1;
                try {
                    pid = Long.parseLong(words[at]);
                }
                catch (NumberFormatException ex) {
                    // Reported below.
                }
                if (pid <= 0) {
                    throw BootFailures.noLeaderPid(what, command, "is '" + words[at] + "' (is it running?): it said "
                            + output.trim(), null);
                }
                return pid;
            }
        }
        throw BootFailures.noLeaderPid(what, command, "is not in its output: " + output.trim(), null);
    }

    private static String run(List<String> argv, SetnsOptions options, String command, String what) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
            builder.environment().putAll(options.environment());
            process = builder.start();
        }
        catch (IOException ex) {
            throw BootFailures.noLeaderPid(what, command, "could not be asked: the tool could not be started: "
                    + ex.getMessage(), ex);
        }
        try {
            process.getOutputStream().close();
            // The answer is small (a pid, or a few lines of status): it fits in the pipe until read.
            Duration timeout = options.connectTimeout();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw BootFailures.noLeaderPid(what, command, "could not be asked: the tool did not answer within "
                        + timeout + " (is its daemon up? raise connectTimeout(...) if it is only slow)", null);
            }
            String text = readAll(process.getInputStream());
            if (process.exitValue() != 0) {
                throw BootFailures.noLeaderPid(what, command, "is unknown: the tool exited with status "
                        + process.exitValue() + ": " + text.trim(), null);
            }
            return text;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new ConnectFailedException(what + ": interrupted (the connecting thread was)", ex);
        }
        catch (IOException ex) {
            process.destroyForcibly();
            throw BootFailures.noLeaderPid(what, command, "could not be asked: reading the tool's answer failed: " + ex, ex);
        }
    }

    private static String readAll(InputStream in) {
        try (InputStream stream = in) {
            byte[] bytes = stream.readNBytes(64 * 1024);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            return "";
        }
    }
}
