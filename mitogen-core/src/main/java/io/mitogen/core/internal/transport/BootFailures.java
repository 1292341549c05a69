package io.mitogen.core.internal.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;

import io.mitogen.core.AuthenticationFailedException;
import io.mitogen.core.ConnectFailedException;
import io.mitogen.core.ConnectTimeoutException;
import io.mitogen.core.JavaNotFoundException;
import io.mitogen.core.PasswordRequiredException;
import io.mitogen.core.TtyRequiredException;
import io.mitogen.core.internal.connection.Link;

/**
 * Explanations of rare start-up failures, kept out of the child's core bundle (a child fetches
 * this class only if one happens while it starts a child of its own). Each message names the hop
 * (the command, and the machine it ran on), what went wrong (the tool's or the OS's own words),
 * and what to do about it; never a password.
 */
final class BootFailures {

    private BootFailures() {
    }

    /** The boot command found no directory it could write (see {@code BootCommand}). */
    static ConnectFailedException noWritableDirectory(String described, String details, Throwable cause) {
        return new ConnectFailedException(described + " failed to start: the target has no writable directory for"
                + " the child's first stage. It needs one, for a few KB and a moment (the jar and a FIFO, deleted"
                + " before java starts), and tries /dev/shm, $TMPDIR, /tmp, $XDG_RUNTIME_DIR and $HOME in turn;"
                + " give it one: a tmpfs on /dev/shm or /tmp (e.g. podman run --read-only keeps /dev/shm writable,"
                + " or add --tmpfs /tmp), or TMPDIR naming a writable directory" + details, cause);
    }

    /** The child did not say READY in time (the connection's connectTimeout). */
    static ConnectTimeoutException timedOut(Link link, Duration timeout, String words, Throwable cause) {
        return new ConnectTimeoutException(where(link) + " did not become ready within " + timeout
                + " and was stopped; if the target is only slow (loaded, or a first JVM start), raise the options'"
                + " connectTimeout(...); if it waits for something (a prompt, a lock), its stderr says what" + words,
                cause);
    }

    /** The shell could not find (127) or run (126) java. */
    static JavaNotFoundException javaNotFound(Link link, int status, String exit, String words, Throwable cause) {
        return new JavaNotFoundException(where(link) + " failed to start: "
                + ((status == 127) ? "no java there" : "java cannot be run there") + exit + "; install Java 11 or"
                + " later there, or point the options' javaPath(...) at a java binary that its user can run"
                + " (e.g. /usr/lib/jvm/java-17/bin/java)" + words, cause);
    }

    /** Any other way the child ended before READY: its stderr is the best witness. */
    static ConnectFailedException failedToStart(Link link, String what, String exit, String words, Throwable cause) {
        return new ConnectFailedException(where(link) + " failed to start: " + what + exit + "; "
                + (words.isEmpty() ? "it said nothing on stderr: run the command above by hand there to see why"
                        : "its stderr below says why (e.g. a JVM option in jvmArgs(...) it refuses, too little"
                                + " memory, a shell profile that prints or exits): fix that there or in the options")
                + words, cause);
    }

    /** The program of a hop (java, sudo, podman, ...) could not be started at all. */
    static ConnectFailedException notStarted(String description, IOException ex) {
        return new ConnectFailedException(description + " on " + hostname() + " could not be started: "
                + ex.getMessage() + "; install that program there, or give its full path in the options"
                + " (javaPath, sudoPath, podmanPath, ... as the method names it)", ex);
    }

    /** What a privilege method (sudo, su, doas) refused; {@code words} is its own text. */
    static ConnectFailedException refused(int kind, String who, String words, String ttyHint) {
        String hop = who + " on " + hostname();
        if (kind == Prompts.AUTHENTICATION) {
            return new AuthenticationFailedException(hop + ": the password was refused" + words + "; check the"
                    + " password given with the options' password(...) (it is not shown here): sudo and doas want"
                    + " the password of the user who runs them, su the target user's");
        }
        if (kind == Prompts.PASSWORD_REQUIRED) {
            return new PasswordRequiredException(hop + " needs a password and none is configured "
                    + "(set one with the options' password(...))" + words);
        }
        return new TtyRequiredException(hop + " refuses to run without a terminal, and a local child has none "
                + "(Java cannot open a pseudo-terminal)" + words + (ttyHint.isEmpty() ? "" : ": " + ttyHint));
    }

    /** setns could not learn a container's leader pid from its tool. */
    static ConnectFailedException noLeaderPid(String what, String command, String problem, Throwable cause) {
        return new ConnectFailedException(what + " on " + hostname() + " " + problem + " (command: '" + command
                + "'); check the container's name and that it is running (start it if not), or give the"
                + " tool's path with toolPath(...)", cause);
    }

    /** The hop's description with the machine it runs on, when that is this one. */
    private static String where(Link link) {
        return (link instanceof ProcessLink || link instanceof PromptingLink)
                ? link.describe() + " on " + hostname() : link.describe();
    }

    /** This machine's name: local hops run here. */
    static String hostname() {
        try {
            return new String(Files.readAllBytes(Paths.get("/proc/sys/kernel/hostname")), StandardCharsets.UTF_8).trim();
        }
        catch (IOException | RuntimeException ex) {
            return "this machine";
        }
    }
}
