package io.mitogen.core.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands records to SLF4J: the parent side's sink. Loaded only where SLF4J is present. */
final class Slf4jSink implements Log.Sink {

    @Override
    public boolean isEnabled(int level, String name) {
        Logger logger = LoggerFactory.getLogger(name);
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
        Logger logger = LoggerFactory.getLogger(name);
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
}
