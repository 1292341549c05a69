package io.mitogen.core;

/**
 * The transport refuses to run without a terminal ({@code requiretty} in sudoers, {@code doas}
 * asking for a password). Java cannot give a local child a pseudo-terminal, so the message says how to
 * lift the requirement (e.g. {@code Defaults:USER !requiretty}) or where a terminal can be had.
 */
public class TtyRequiredException extends ConnectFailedException {

    private static final long serialVersionUID = 1L;

    public TtyRequiredException(String message) {
        super(message);
    }

    public TtyRequiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
