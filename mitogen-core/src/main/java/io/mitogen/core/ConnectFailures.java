package io.mitogen.core;

/**
 * Keeps the kind of a connect failure that happened in a {@code via} context: the remote
 * exception arrives as a type name and message, and the specific ones are rebuilt here so that
 * a caller can catch a refused password the same at any depth.
 */
final class ConnectFailures {

    private ConnectFailures() {
    }

    /** The specific exception named {@code remoteType}, or {@code null} for any other. */
    static ConnectFailedException specific(String remoteType, String message, Throwable cause) {
        if (remoteType.equals(AuthenticationFailedException.class.getName())) {
            return new AuthenticationFailedException(message, cause);
        }
        if (remoteType.equals(PasswordRequiredException.class.getName())) {
            return new PasswordRequiredException(message, cause);
        }
        if (remoteType.equals(TtyRequiredException.class.getName())) {
            return new TtyRequiredException(message, cause);
        }
        return null;
    }
}
