package io.mitogen.spring;

import io.mitogen.core.MitogenException;

/**
 * A named host cannot be used now: it is unknown, or its last connection attempt failed and the
 * back-off before the next one has not passed. The message says which and why.
 */
public class HostUnavailableException extends MitogenException {

    private static final long serialVersionUID = 1L;

    public HostUnavailableException(String message) {
        super(message);
    }

    public HostUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

}
