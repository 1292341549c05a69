package io.mitogen.core;

/**
 * Nothing arrived within the time given to {@link Receiver#get(java.time.Duration)},
 * {@link Select#next(java.time.Duration)} or {@link Channel#get(java.time.Duration)}. What was
 * waited on stays usable: the answer or value may still arrive and be read later.
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
