package io.mitogen.core.internal.logging;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

import io.mitogen.core.internal.master.Slf4jSink;

/**
 * The core's logger. In a parent it hands records to SLF4J; in a child, where SLF4J is not part
 * of the core bundle (every class there is bytes on the wire), records go to a {@link Sink}
 * that forwards them to the parent, so booting a child loads no logging library at all.
 *
 * <p>{@code MITOGEN_LOG_LEVEL} ({@code ERROR}, {@code WARN}, {@code INFO}, {@code DEBUG}, or
 * {@code IO}: {@code DEBUG} plus a line for every frame sent and received) makes mitogen log
 * to stderr at that level, whatever the application's logging is.
 */
public final class Log {

    /** Levels, most severe first; a record is kept when its level is at or below the threshold. */
    public static final int ERROR = 1, WARN = 2, INFO = 3, DEBUG = 4, TRACE = 5;

    /** Level names, indexed by level. */
    static final String[] NAMES = { "OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE" };

    private static volatile Sink sink = defaultSink();

    private static volatile boolean io = "IO".equalsIgnoreCase(System.getenv("MITOGEN_LOG_LEVEL"));

    private static volatile Sink debugFile;

    private final String name;

    private Log(String name) {
        this.name = name;
    }

    /** The logger named after {@code type}. */
    public static Log get(Class<?> type) {
        return new Log(type.getName());
    }

    /** The logger called {@code name}. */
    public static Log get(String name) {
        return new Log(name);
    }

    /** Replaces where records go (a child's forwarder, {@code Mitogen.logToFile}, a test). */
    public static void setSink(Sink newSink) {
        sink = newSink;
    }

    /** Where records go now. */
    public static Sink sink() {
        return sink;
    }

    /** Whether every frame is logged ({@code MITOGEN_LOG_LEVEL=IO}). */
    public static boolean isIoEnabled() {
        return io;
    }

    public static void setIoEnabled(boolean enabled) {
        io = enabled;
    }

    /** Whether {@link #writeDebugFile} was called in this JVM. */
    public static boolean isDebugFileOpen() {
        return debugFile != null;
    }

    /** Also writes every record at DEBUG and above to {@code path} ({@code router.enableDebug()}). */
    public static synchronized void writeDebugFile(String path) throws IOException {
        if (debugFile == null) {
            debugFile = new StreamSink(new PrintStream(new FileOutputStream(path, true), true, "UTF-8"), DEBUG);
        }
    }

    /**
     * The most verbose level that {@code name} keeps, for telling a child which records are
     * worth sending.
     */
    public static int threshold(String name) {
        Sink current = sink;
        for (int level = TRACE; level > 0; level--) {
            if (current.isEnabled(level, name)) {
                return level;
            }
        }
        return 0;
    }

    /** A record that came from another context: logged under {@code mitogen.ctx.<context>}. */
    public static void forwarded(String context, String logger, int level, String message, String thread,
            Throwable thrown, Object traceId, Object spanId) {
        sink.forward(context, logger, level, message, thread, thrown, traceId, spanId);
        Sink debug = debugFile;
        if (debug != null && level <= DEBUG) {
            debug.forward(context, logger, level, message, thread, thrown);
        }
    }

    public boolean isDebugEnabled() {
        return sink.isEnabled(DEBUG, this.name) || debugFile != null;
    }

    public void debug(String format, Object... args) {
        log(DEBUG, format, args);
    }

    public void info(String format, Object... args) {
        log(INFO, format, args);
    }

    public void warn(String format, Object... args) {
        log(WARN, format, args);
    }

    public void error(String format, Object... args) {
        log(ERROR, format, args);
    }

    /** Logs at {@code level}; a trailing {@link Throwable} argument is logged as the exception. */
    public void log(int level, String format, Object... args) {
        Sink current = sink;
        Sink debug = (level <= DEBUG) ? debugFile : null;
        boolean enabled = current.isEnabled(level, this.name);
        if (!enabled && debug == null) {
            return;
        }
        Throwable thrown = null;
        int argCount = args.length;
        if (argCount > 0 && args[argCount - 1] instanceof Throwable) {
            thrown = (Throwable) args[argCount - 1];
        }
        String message = format(format, args);
        if (enabled) {
            current.log(level, this.name, message, thrown);
        }
        if (debug != null) {
            debug.log(level, this.name, message, thrown);
        }
    }

    /** SLF4J-style {@code {}} substitution, done here so a child needs no formatter class. */
    static String format(String format, Object[] args) {
        if (args.length == 0 || format.indexOf('{') < 0) {
            return format;
        }
        StringBuilder out = new StringBuilder(format.length() + 32);
        int argIndex = 0;
        int from = 0;
        int at;
        while ((at = format.indexOf("{}", from)) >= 0 && argIndex < args.length) {
            out.append(format, from, at).append(args[argIndex++]);
            from = at + 2;
        }
        return out.append(format, from, format.length()).toString();
    }

    /** The level called {@code name} ({@code IO} counts as {@code DEBUG}), or {@code fallback}. */
    public static int parseLevel(String name, int fallback) {
        if (name == null) {
            return fallback;
        }
        String upper = name.trim().toUpperCase(java.util.Locale.ROOT);
        if (upper.equals("IO")) {
            return DEBUG;
        }
        for (int level = 0; level < NAMES.length; level++) {
            if (NAMES[level].equals(upper)) {
                return level;
            }
        }
        return fallback;
    }

    private static Sink defaultSink() {
        String configured = System.getenv("MITOGEN_LOG_LEVEL");
        if (configured != null) {
            return new StreamSink(System.err, parseLevel(configured, INFO));
        }
        try {
            Class.forName("org.slf4j.LoggerFactory", false, Log.class.getClassLoader());
            return Slf4jSink.createOrNull();
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return new StreamSink(System.err, WARN);
        }
    }

    /** Where records go. */
    public interface Sink {

        boolean isEnabled(int level, String name);

        void log(int level, String name, String message, Throwable thrown);

        /** A record from context {@code context}; by default logged as {@code logger: message}. */
        default void forward(String context, String logger, int level, String message, String thread,
                Throwable thrown) {
            String name = "mitogen.ctx." + context;
            if (isEnabled(level, name)) {
                log(level, name, logger + ": " + message, thrown);
            }
        }

        /**
         * A record logged while serving a call that carried a trace; the ids are as the child
         * sent them (not checked). By default the trace is left out.
         */
        default void forward(String context, String logger, int level, String message, String thread,
                Throwable thrown, Object traceId, Object spanId) {
            forward(context, logger, level, message, thread, thrown);
        }
    }

    /** Built on first use: java.time's formatting classes would cost every child ~3 ms at start. */
    private static final class Clock {

        static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    }

    /**
     * Writes {@code HH:mm:ss.SSS LEVEL name: message} lines to a stream: what a plain-Java
     * program without a logging configuration gets, and what {@code MITOGEN_LOG_LEVEL} selects.
     */
    public static final class StreamSink implements Sink {


        private final PrintStream out;

        private final int threshold;

        public StreamSink(PrintStream out, int threshold) {
            this.out = out;
            this.threshold = threshold;
        }

        @Override
        public boolean isEnabled(int level, String name) {
            return level <= this.threshold;
        }

        @Override
        public void log(int level, String name, String message, Throwable thrown) {
            synchronized (this.out) {
                this.out.println(LocalTime.now().format(Clock.TIME) + " " + NAMES[level] + " " + name + ": " + message);
                if (thrown != null) {
                    thrown.printStackTrace(this.out);
                }
            }
        }
    }
}
