package io.mitogen.core;

/**
 * The transport asked for a password and none was configured (set one with the options'
 * {@code password(...)}), or it refuses to ask without one (e.g. {@code sudo: a password is required}).
 */
public class PasswordRequiredException extends ConnectFailedException {

    private static final long serialVersionUID = 1L;

    public PasswordRequiredException(String message) {
        super(message);
    }

    public PasswordRequiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
