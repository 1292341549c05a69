package io.mitogen.core;

import java.util.Arrays;

/**
 * A call failed in the remote context: carries the remote exception's type, message and stack,
 * and its remote cause as another {@code CallException}.
 *
 * <p>The remote stack is this exception's stack trace, so logs show where it failed over there;
 * where it was awaited here is attached as a suppressed exception. The remote exception itself
 * is never re-created from the wire: only its type name travels.
 */
public class CallException extends MitogenException {

    private static final long serialVersionUID = 1L;

    private final String remoteType;

    private final String remoteMessage;

    /**
     * @param remoteType the remote exception's class name
     * @param remoteMessage its message, or {@code null}
     * @param remoteStack its stack trace
     * @param cause its cause, as received
     */
    public CallException(String remoteType, String remoteMessage, StackTraceElement[] remoteStack, CallException cause) {
        super(remoteType + ((remoteMessage != null) ? ": " + remoteMessage : ""), cause);
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
        setStackTrace(remoteStack);
    }

    /** The class name of the exception thrown remotely, e.g. {@code java.io.FileNotFoundException}. */
    public String remoteType() {
        return this.remoteType;
    }

    /** The remote exception's message, or {@code null}. */
    public String remoteMessage() {
        return this.remoteMessage;
    }

    /** The remote stack trace (also this exception's own stack trace). */
    public StackTraceElement[] remoteStackTrace() {
        return getStackTrace();
    }

    /** Attaches where the answer was awaited, so both ends show in a log. Returns {@code this}. */
    CallException withCallSite(String description) {
        Throwable site = new MitogenException("awaited here: " + description);
        StackTraceElement[] local = site.getStackTrace();
        site.setStackTrace(Arrays.copyOfRange(local, Math.min(2, local.length), local.length));
        addSuppressed(site);
        return this;
    }
}
