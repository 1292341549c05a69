package io.mitogen.core.internal.logging.slf4j;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.logging.LogForwarder;

/** An SLF4J logger in a child: its records go to the parent through the {@link LogForwarder}. */
final class ForwardingLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    ForwardingLogger(String name) {
        this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Log.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Log.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Log.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Log.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Log.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
            Throwable throwable) {
        LogForwarder forwarder = LogForwarder.current();
        if (forwarder != null) {
            String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
            forwarder.log(mitogenLevel(level), this.name, message, throwable);
        }
    }

    private static boolean enabled(int level) {
        LogForwarder forwarder = LogForwarder.current();
        return forwarder != null && level <= forwarder.threshold();
    }

    private static int mitogenLevel(Level level) {
        switch (level) {
            case ERROR:
                return Log.ERROR;
            case WARN:
                return Log.WARN;
            case INFO:
                return Log.INFO;
            case DEBUG:
                return Log.DEBUG;
            default:
                return Log.TRACE;
        }
    }
}
