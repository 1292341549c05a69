package io.mitogen.core;

/**
 * The ssh server's host key is not in the known hosts file and the policy is
 * {@link HostKeyPolicy#ENFORCE}. Check the fingerprint out of band, then add the key (e.g. with
 * {@code ssh-keyscan}) or connect once with {@link HostKeyPolicy#ACCEPT_NEW}.
 */
public class UnknownHostKeyException extends HostKeyException {

    private static final long serialVersionUID = 1L;

    public UnknownHostKeyException(String host, String keyType, String fingerprint, String problem) {
        super(host, keyType, fingerprint, problem);
    }

    /** A relayed failure; see {@link HostKeyException#HostKeyException(String, Throwable)}. */
    public UnknownHostKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
