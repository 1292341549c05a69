package io.mitogen.core;

/**
 * A password was refused by the transport (sudo, su, doas): its own words are in the message, the
 * password never is. Reported as soon as the refusal is seen; mitogen never tries again.
 */
public class AuthenticationFailedException extends ConnectFailedException {

    private static final long serialVersionUID = 1L;

    public AuthenticationFailedException(String message) {
        super(message);
    }

    public AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
