package io.mitogen.core;

/**
 * A child could not be started: the transport failed, {@code java} was missing or refused to\n * start, or the child died during bootstrap. The message names what was run and carries the\n * child's own error output.
 */
public class ConnectFailedException extends MitogenException {

    private static final long serialVersionUID = 1L;

    public ConnectFailedException(String message) {
        super(message);
    }

    public ConnectFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
