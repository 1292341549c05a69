package io.mitogen.core;

/**
 * The failure of a CONNECT that a {@code via} context ran, as the same exception type it threw
 * there. Apart from {@link Children} so that children that never connect through another
 * context do not receive it in the core bundle (it is fetched when first needed, on the
 * calling thread).
 */
final class RelayedFailures {

    private RelayedFailures() {
    }

    /** The failure of a CONNECT that {@code via} ran, as the same exception type it threw there. */
    static ConnectFailedException of(Context via, CallException ex) {
        String message = "via " + via + ": " + ex.remoteMessage();
        String type = ex.remoteType();
        if (type.equals(ConnectTimeoutException.class.getName())) {
            return new ConnectTimeoutException(message, ex);
        }
        if (type.equals(AuthenticationFailedException.class.getName())) {
            return new AuthenticationFailedException(message, ex);
        }
        if (type.equals(PasswordRequiredException.class.getName())) {
            return new PasswordRequiredException(message, ex);
        }
        if (type.equals(TtyRequiredException.class.getName())) {
            return new TtyRequiredException(message, ex);
        }
        if (type.equals(UnknownHostKeyException.class.getName())) {
            return new UnknownHostKeyException(message, ex);
        }
        if (type.equals(HostKeyMismatchException.class.getName())) {
            return new HostKeyMismatchException(message, ex);
        }
        if (type.equals(ConnectionRefusedException.class.getName())) {
            return new ConnectionRefusedException(message, ex);
        }
        if (type.equals(JavaNotFoundException.class.getName())) {
            return new JavaNotFoundException(message, ex);
        }
        return new ConnectFailedException(message, ex);
    }
}
