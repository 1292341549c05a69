package io.mitogen.core;

/**
 * Connection options that cannot work, reported when they are built: the message names the
 * option, the bad value (never a secret) and what is allowed.
 */
public class InvalidOptionsException extends MitogenException {

    private static final long serialVersionUID = 1L;

    public InvalidOptionsException(String message) {
        super(message);
    }
}
