package io.mitogen.test.sshd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * What OpenSSH's sshd does with an exec request, for an in-process server ({@link InProcessSshd}): runs the command
 * with {@code bash -c} on three pipes, copies them with blocking reads (no polling, so round
 * trips are not padded with sleeps), sends EOF once stdout and stderr have both ended, and
 * reports the exit status after that, so no output is lost however fast the command exits. Closing the channel
 * closes the command's stdin; destroying it (a lost connection) kills it and what it started.
 */
public final class ShellCommand implements Command {

    /**
     * bash, as a login shell usually is: like OpenSSH's users' bash it replaces itself with a
     * single simple command (dash keeps waiting, holding the pipes open after the command closed them).
     */
    private static final String SHELL = new java.io.File("/bin/bash").canExecute() ? "/bin/bash" : "/bin/sh";

    private final String command;

    private InputStream in;

    private OutputStream out;

    private OutputStream err;

    private ExitCallback exit;

    private volatile Process process;

    /** The exec request's command line, run with {@code bash -c} (or {@code /bin/sh -c}) when started. */
    public ShellCommand(String command) {
        this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        Process started = new ProcessBuilder(SHELL, "-c", this.command).start();
        this.process = started;
        CompletableFuture<Void> stdout = copy(started.getInputStream(), this.out, "stdout");
        CompletableFuture<Void> stderr = copy(started.getErrorStream(), this.err, "stderr");
        copy(this.in, started.getOutputStream(), "stdin");
        CompletableFuture.allOf(stdout, stderr).thenCompose((ended) -> {
            sendEof(channel);
            return started.onExit();
        }).whenComplete((ended, failure) -> this.exit.onExit(started.exitValue()));
    }

    @Override
    public void destroy(ChannelSession channel) {
        Process running = this.process;
        if (running != null) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
        }
    }

    /**
     * As sshd does once stdout and stderr have both ended (even while the command still runs):
     * MINA's server sends EOF only with the exit status otherwise, and {@code sendEof} is not public.
     */
    private static void sendEof(ChannelSession channel) {
        try {
            java.lang.reflect.Method eof = org.apache.sshd.common.channel.AbstractChannel.class.getDeclaredMethod("sendEof");
            eof.setAccessible(true);
            eof.invoke(channel);
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            // The exit status will bring the EOF instead.
        }
    }

    /** Copies until the end of {@code from}, then closes {@code to}, on a thread of its own. */
    private CompletableFuture<Void> copy(InputStream from, OutputStream to, String what) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream source = from; OutputStream sink = to) {
                int n;
                while ((n = source.read(buffer)) > 0) {
                    sink.write(buffer, 0, n);
                    sink.flush();
                }
            }
            catch (IOException ex) {
                // The channel or the process went away: the end of this copy.
            }
            done.complete(null);
        }, "mitogen-test-sshd-" + what);
        thread.setDaemon(true);
        thread.start();
        return done;
    }
}
