package io.mitogen.core.internal.logging;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends a child's {@code java.util.logging} (and so {@code System.Logger}) records to its
 * parent. Named by the {@code java.util.logging.config.class} property, so that
 * {@code LogManager} builds it only when code first logs this way: a child that never uses
 * JUL pays nothing for it.
 */
public final class JulConfig {

    /** Called by {@link LogManager} when it is first used. */
    public JulConfig() {
        LogForwarder forwarder = LogForwarder.current();
        if (forwarder == null) {
            return;
        }
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(new Forwarding(forwarder));
        root.setLevel(julLevel(forwarder.threshold()));
        inUse = true;
    }

    /** Set once JUL is in use (LogManager built this configuration). */
    private static volatile boolean inUse;

    /** Follows a change of the master's level, if JUL is in use (otherwise it is read when it is). */
    public static void setThreshold(int threshold) {
        if (inUse) {
            Logger.getLogger("").setLevel(julLevel(threshold));
        }
    }

    static Level julLevel(int threshold) {
        switch (threshold) {
            case 0:
                return Level.OFF;
            case Log.ERROR:
                return Level.SEVERE;
            case Log.WARN:
                return Level.WARNING;
            case Log.INFO:
                return Level.INFO;
            case Log.DEBUG:
                return Level.FINE;
            default:
                return Level.ALL;
        }
    }

    static int mitogenLevel(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return Log.ERROR;
        }
        if (value >= Level.WARNING.intValue()) {
            return Log.WARN;
        }
        if (value >= Level.INFO.intValue()) {
            return Log.INFO;
        }
        if (value >= Level.FINE.intValue()) {
            return Log.DEBUG;
        }
        return Log.TRACE;
    }

    private static final class Forwarding extends Handler {

        private final LogForwarder forwarder;

        Forwarding(LogForwarder forwarder) {
            this.forwarder = forwarder;
        }

        @Override
        public void publish(LogRecord record) {
            int level = mitogenLevel(record.getLevel());
            if (!this.forwarder.isEnabled(level, record.getLoggerName())) {
                return;
            }
            String message = record.getMessage();
            Object[] params = record.getParameters();
            if (message != null && params != null && params.length > 0) {
                try {
                    message = java.text.MessageFormat.format(message, params);
                }
                catch (IllegalArgumentException ex) {
                    // Keep the pattern as it is.
                }
            }
            this.forwarder.log(level, String.valueOf(record.getLoggerName()), message, record.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
