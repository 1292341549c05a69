package io.mitogen.core;

/**
 * Nothing listens at the host and port (the TCP connection was refused), or the host name does not
 * resolve. The message names the host and port.
 */
public class ConnectionRefusedException extends ConnectFailedException {

    private static final long serialVersionUID = 1L;

    public ConnectionRefusedException(String message) {
        super(message);
    }

    public ConnectionRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
