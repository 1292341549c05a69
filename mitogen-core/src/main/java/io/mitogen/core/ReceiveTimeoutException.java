package io.mitogen.core;

/**
 * No answer arrived within the time given to {@link Receiver#get(java.time.Duration)}. The
 * receiver stays usable: the answer may still arrive and be read by a later {@code get}.
 */
public class ReceiveTimeoutException extends MitogenException {

    private static final long serialVersionUID = 1L;

    public ReceiveTimeoutException(String message) {
        super(message);
    }

    public ReceiveTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
