package io.mitogen.core;

/**
 * The destination context refused the message, for example a call that does not come from the\n * context's parent chain (a child cannot make its parent or a sibling run anything).
 */
public class MessageRefusedException extends MitogenException {

    private static final long serialVersionUID = 1L;

    public MessageRefusedException(String message) {
        super(message);
    }

    public MessageRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
