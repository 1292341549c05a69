package io.mitogen.core;

/**
 * The transport refused the credentials: a password refused by sudo, su or doas (their own
 * words are in the message), or every credential an ssh server was offered (wrong password,
 * key or user), or an identity file that could not be read or decrypted. The message names the
 * user and host where known and what was tried, never a secret. Reported as soon as the
 * refusal is seen; mitogen never tries again.
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
