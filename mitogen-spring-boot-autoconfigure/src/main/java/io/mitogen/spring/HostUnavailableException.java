package io.mitogen.spring;

import io.mitogen.core.MitogenException;

/**
 * A configured host cannot be used now: its last connection attempt failed and the back-off
 * before the next one has not passed (a web application answers 503). The message says why.
 * A name that is not configured gives {@link NoSuchHostException} instead.
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
