package io.mitogen.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * What an sshd does with an exec request: runs the command with {@code /bin/sh -c} as the user
 * running the sample, copies its three streams, and reports its exit status once its output has
 * ended. Losing the connection kills it and what it started.
 */
final class SampleShellCommand implements Command {

    private final String command;

    private InputStream in;

    private OutputStream out;

    private OutputStream err;

    private ExitCallback exit;

    private volatile Process process;

    SampleShellCommand(String command) {
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
        Process started = new ProcessBuilder("/bin/sh", "-c", this.command).start();
        this.process = started;
        CompletableFuture<Void> stdout = copy(started.getInputStream(), this.out);
        CompletableFuture<Void> stderr = copy(started.getErrorStream(), this.err);
        copy(this.in, started.getOutputStream());
        CompletableFuture.allOf(stdout, stderr)
            .thenCompose((ended) -> started.onExit())
            .whenComplete((ended, failure) -> this.exit.onExit(started.exitValue()));
    }

    @Override
    public void destroy(ChannelSession channel) {
        Process running = this.process;
        if (running != null) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
        }
    }

    /** Copies until the end of {@code from}, then closes {@code to}, on a thread of its own. */
    private static CompletableFuture<Void> copy(InputStream from, OutputStream to) {
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
        }, "sample-sshd-copy");
        thread.setDaemon(true);
        thread.start();
        return done;
    }

}
