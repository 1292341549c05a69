package io.mitogen.core;

/**
 * The context is gone, or its link was lost, before it answered: a call to a context that has\n * shut down, died or become unreachable, and every call still waiting on it when that happened.
 */
public class ContextDisconnectedException extends MitogenException {

    private static final long serialVersionUID = 1L;

    public ContextDisconnectedException(String message) {
        super(message);
    }

    public ContextDisconnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
