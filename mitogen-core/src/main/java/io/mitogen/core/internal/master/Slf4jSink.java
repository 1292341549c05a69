package io.mitogen.core.internal.master;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.helpers.NOPLoggerFactory;

import io.mitogen.core.internal.logging.Log;

/**
 * Hands records to SLF4J: the parent side's sink. Records forwarded from children carry the
 * MDC keys {@code mitogen.context}, {@code mitogen.logger} and {@code mitogen.thread}.
 * Loaded only where SLF4J is present.
 */
public final class Slf4jSink implements Log.Sink {

    private final ILoggerFactory factory;

    private Slf4jSink(ILoggerFactory factory) {
        this.factory = factory;
    }

    /**
     * SLF4J's sink; but with no SLF4J provider at all (everything would vanish, child errors
     * included) a stderr sink at INFO, as the Python original's {@code log_to_file()} default.
     */
    public static Log.Sink createOrNull() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof NOPLoggerFactory) {
            return new Log.StreamSink(System.err, Log.INFO);
        }
        return new Slf4jSink(factory);
    }

    @Override
    public boolean isEnabled(int level, String name) {
        Logger logger = this.factory.getLogger(name);
        switch (level) {
            case Log.ERROR:
                return logger.isErrorEnabled();
            case Log.WARN:
                return logger.isWarnEnabled();
            case Log.INFO:
                return logger.isInfoEnabled();
            case Log.DEBUG:
                return logger.isDebugEnabled();
            default:
                return logger.isTraceEnabled();
        }
    }

    @Override
    public void log(int level, String name, String message, Throwable thrown) {
        Logger logger = this.factory.getLogger(name);
        switch (level) {
            case Log.ERROR:
                logger.error(message, thrown);
                break;
            case Log.WARN:
                logger.warn(message, thrown);
                break;
            case Log.INFO:
                logger.info(message, thrown);
                break;
            case Log.DEBUG:
                logger.debug(message, thrown);
                break;
            default:
                logger.trace(message, thrown);
        }
    }

    @Override
    public void forward(String context, String logger, int level, String message, String thread, Throwable thrown) {
        forward(context, logger, level, message, thread, thrown, null, null);
    }

    /**
     * Also puts the trace of the call that logged it in the MDC as {@code traceId} and
     * {@code spanId}, as Micrometer Tracing does for local records; ids that are not short
     * tokens of letters, digits, {@code -} or {@code _} (a child sent them) are left out.
     */
    @Override
    public void forward(String context, String logger, int level, String message, String thread, Throwable thrown,
            Object traceId, Object spanId) {
        String name = "mitogen.ctx." + context;
        if (!isEnabled(level, name)) {
            return;
        }
        MDC.put("mitogen.context", context);
        MDC.put("mitogen.logger", logger);
        if (thread != null) {
            MDC.put("mitogen.thread", thread);
        }
        boolean traced = isId(traceId);
        if (traced) {
            MDC.put("traceId", (String) traceId);
            if (isId(spanId)) {
                MDC.put("spanId", (String) spanId);
            }
        }
        try {
            log(level, name, logger + ": " + message, thrown);
        }
        finally {
            if (traced) {
                MDC.remove("traceId");
                MDC.remove("spanId");
            }
            MDC.remove("mitogen.context");
            MDC.remove("mitogen.logger");
            MDC.remove("mitogen.thread");
        }
    }

    /** 1 to 64 letters, digits, '-' or '_': what a trace or span id looks like, and nothing a log line could be forged with. */
    static boolean isId(Object id) {
        if (!(id instanceof String) || ((String) id).isEmpty() || ((String) id).length() > 64) {
            return false;
        }
        for (char c : ((String) id).toCharArray()) {
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
