package io.mitogen.core;

/**
 * The transport worked but the far side has no {@code java} at the configured path (the shell said
 * {@code not found}, exit status 127, or could not run it, 126). The message carries the far side's
 * own stderr.
 */
public class JavaNotFoundException extends ConnectFailedException {

    private static final long serialVersionUID = 1L;

    public JavaNotFoundException(String message) {
        super(message);
    }

    public JavaNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
