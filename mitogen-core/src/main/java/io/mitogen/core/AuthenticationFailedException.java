package io.mitogen.core;

/**
 * The server refused every credential offered (wrong password, key or user), or an identity file could
 * not be read or decrypted. The message names the user, the host and what was tried, never a
 * secret.
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
