package io.mitogen.core;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.mitogen.core.internal.logging.Log;

/**
 * Conveniences for plain-Java programs, as the Python original's {@code mitogen.utils}:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Mitogen.logToStderr();
 *     Mitogen.run((router) -> {
 *         Context host = router.local();
 *         System.out.println(host.call(Tasks::uptime));
 *     });   // every child is gone here, whatever happened above
 * }
 * }</pre>
 */
public final class Mitogen {

    private Mitogen() {
    }

    /** What {@link #run} runs. */
    @FunctionalInterface
    public interface WithRouter<E extends Exception> {

        void accept(Router router) throws E;
    }

    /** What {@link #call} runs. */
    @FunctionalInterface
    public interface FromRouter<T, E extends Exception> {

        T apply(Router router) throws E;
    }

    /** Runs {@code body} with a fresh broker and router, and shuts them down however it ends. */
    public static <E extends Exception> void run(WithRouter<E> body) throws E {
        try (Broker broker = new Broker()) {
            body.accept(new Router(broker));
        }
    }

    /** Like {@link #run}, returning what {@code body} returns. */
    public static <T, E extends Exception> T call(FromRouter<T, E> body) throws E {
        try (Broker broker = new Broker()) {
            return body.apply(new Router(broker));
        }
    }

    /**
     * Writes mitogen's records, and those of every child (their logs, stdout and stderr), to
     * stderr at the level in {@code MITOGEN_LOG_LEVEL} ({@code ERROR}, {@code WARN}, {@code INFO}
     * (default), {@code DEBUG}, or {@code IO}: every frame too), whatever SLF4J is configured to do.
     */
    public static void logToStderr() {
        logTo(System.err);
    }

    /** Like {@link #logToStderr()}, appending to {@code path}. */
    public static void logToFile(Path path) {
        try {
            logTo(new PrintStream(new FileOutputStream(path.toFile(), true), true, "UTF-8"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write the log file " + path, ex);
        }
    }

    private static void logTo(PrintStream out) {
        String level = System.getenv("MITOGEN_LOG_LEVEL");
        Log.setIoEnabled("IO".equalsIgnoreCase(level));
        Log.setSink(new Log.StreamSink(out, Log.parseLevel(level, Log.INFO)));
    }
}
