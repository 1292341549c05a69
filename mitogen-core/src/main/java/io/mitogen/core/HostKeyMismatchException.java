package io.mitogen.core;

/**
 * The ssh server's host key differs from the one the known hosts file has for it: the host was
 * reinstalled, or someone is in the middle. Refused under {@link HostKeyPolicy#ENFORCE} and
 * {@link HostKeyPolicy#ACCEPT_NEW} alike, as OpenSSH does.
 */
public class HostKeyMismatchException extends HostKeyException {

    private static final long serialVersionUID = 1L;

    public HostKeyMismatchException(String host, String keyType, String fingerprint, String problem) {
        super(host, keyType, fingerprint, problem);
    }

    /** A relayed failure; see {@link HostKeyException#HostKeyException(String, Throwable)}. */
    public HostKeyMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
