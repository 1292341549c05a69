package io.mitogen.core.logging;

import java.io.PrintStream;

/**
 * The core's logger. In a parent it hands records to SLF4J; in a child, where SLF4J is not part
 * of the core bundle (every class there is bytes on the wire), it uses a {@link Sink} that the
 * child installs, so that booting a child loads no logging library at all.
 */
public final class Log {

    /** Levels, most severe first; a record is kept when its level is at or below the threshold. */
    public static final int ERROR = 1, WARN = 2, INFO = 3, DEBUG = 4, TRACE = 5;

    private static volatile Sink sink = defaultSink();

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

    /** Where records go now. */
    public static Sink sink() {
        return sink;
    }

    /** Replaces where records go (a child's forwarder, a test). */
    public static void setSink(Sink newSink) {
        sink = newSink;
    }

    public boolean isDebugEnabled() {
        return sink.isEnabled(DEBUG, this.name);
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
        if (!current.isEnabled(level, this.name)) {
            return;
        }
        Throwable thrown = null;
        int argCount = args.length;
        if (argCount > 0 && args[argCount - 1] instanceof Throwable) {
            thrown = (Throwable) args[argCount - 1];
        }
        current.log(level, this.name, format(format, args), thrown);
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

    private static Sink defaultSink() {
        try {
            Class.forName("org.slf4j.LoggerFactory", false, Log.class.getClassLoader());
            return new Slf4jSink();
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return new StreamSink(System.err, WARN);
        }
    }

    /** Where records go. */
    public interface Sink {

        boolean isEnabled(int level, String name);

        void log(int level, String name, String message, Throwable thrown);
    }

    /** Writes {@code LEVEL name: message} lines to a stream; used before anything better exists. */
    public static final class StreamSink implements Sink {

        private static final String[] NAMES = { "", "ERROR", "WARN", "INFO", "DEBUG", "TRACE" };

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
                this.out.println(NAMES[level] + " " + name + ": " + message);
                if (thrown != null) {
                    thrown.printStackTrace(this.out);
                }
            }
        }
    }
}
