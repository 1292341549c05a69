package io.mitogen.core;

/**
 * A call was refused at the call site, before anything was sent: a lambda that captures state,\n * an instance method reference, or a method that cannot be found. Program and data stay apart:\n * pass values as arguments of a static method.
 */
public class InvalidCallException extends MitogenException {

    private static final long serialVersionUID = 1L;

    public InvalidCallException(String message) {
        super(message);
    }

    public InvalidCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
