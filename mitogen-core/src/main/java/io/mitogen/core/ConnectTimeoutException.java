package io.mitogen.core;

/**
 * A child did not become ready within its connect timeout; it has been stopped.
 */
public class ConnectTimeoutException extends ConnectFailedException {

    private static final long serialVersionUID = 1L;

    public ConnectTimeoutException(String message) {
        super(message);
    }

    public ConnectTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
