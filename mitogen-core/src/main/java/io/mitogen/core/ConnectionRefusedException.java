package io.mitogen.core;

/**
 * Nothing listens at the host and port: the TCP connection was refused. The message names the
 * host and port. (A host name that does not resolve gives a {@link ConnectFailedException}
 * saying so.)
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
