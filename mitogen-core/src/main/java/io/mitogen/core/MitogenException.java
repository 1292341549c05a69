package io.mitogen.core;

/**
 * Unchecked base of everything mitogen throws: calls that failed remotely, timeouts, lost
 * contexts, failed connections and values that cannot cross the wire.
 */
public class MitogenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MitogenException(String message) {
        super(message);
    }

    public MitogenException(String message, Throwable cause) {
        super(message, cause);
    }
}
