package io.mitogen.core.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.mitogen.core.ConnectFailedException;
import io.mitogen.core.internal.connection.Link;

/** A {@link Link} that is a local process: {@code local}, and every method that prefixes an argv. */
public final class ProcessLink implements Link {

    private final Process process;

    private final String description;

    private final CompletableFuture<Integer> exit;

    private ProcessLink(Process process, String description) {
        this.process = process;
        this.description = description;
        this.exit = process.onExit().thenApply(Process::exitValue);
    }

    /** Starts {@code argv}; a program that cannot be started is a {@link ConnectFailedException}. */
    public static ProcessLink start(List<String> argv, String description) {
        return start(argv, Map.of(), description);
    }

    /** Starts {@code argv} with {@code environment} added to this process's own. */
    public static ProcessLink start(List<String> argv, Map<String, String> environment, String description) {
        try {
            ProcessBuilder builder = new ProcessBuilder(argv);
            builder.environment().putAll(environment);
            return new ProcessLink(builder.start(), description);
        }
        catch (IOException ex) {
            throw BootFailures.notStarted(description, ex);
        }
    }

    /**
     * Ends the process alone (SIGKILL), for a child JVM that has said goodbye: it would only
     * exit next, and the JVM's own exit costs a safepoint and milliseconds of CPU, times every
     * child of a fleet stopping at once. What it wrote is still read from the pipes.
     */
    public void endProcess() {
        this.process.toHandle().destroyForcibly();
    }

    /** The process's pid, for tests and logs. */
    public long pid() {
        return this.process.pid();
    }

    @Override
    public OutputStream stdin() {
        return this.process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return this.process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return this.process.getErrorStream();
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return this.exit;
    }

    /**
     * Kills the process and what it started: grandchildren are killed explicitly because they
     * survive their parent's death in every transport.
     */
    @Override
    public void kill() {
        this.process.descendants().forEach(ProcessHandle::destroyForcibly);
        // The handle, not Process.destroyForcibly(): that also closes our ends of the pipes, so a
        // transport's last words on stderr (why it failed, e.g. sudo's, written in pieces) would be
        // lost to the collector still draining them. The pipes end when the process does.
        this.process.toHandle().destroyForcibly();
    }

    @Override
    public String describe() {
        return this.description;
    }
}
