package io.mitogen.core;

import java.time.Duration;

/**
 * {@link Sender#send(Object, Duration)} found no room within its timeout: the channel's owner
 * has a window full of this sender's values unread (see {@link ChannelOptions}). Nothing was
 * sent; the sender stays usable, and a later send goes once the owner reads.
 */
public class SendTimeoutException extends MitogenException {

    private static final long serialVersionUID = 1L;

    public SendTimeoutException(String message) {
        super(message);
    }

    /** Typed as its superclass, so a child loads this class only when it happens (it is not in the core bundle). */
    static MitogenException full(Object sender, int values, long bytes, long timeoutNanos) {
        return new SendTimeoutException(sender + " could not send within " + Duration.ofNanos(timeoutNanos)
                + ": its channel's owner has not read " + values + " values (" + bytes + " bytes) it sent; the"
                + " owner reads too slowly or stopped reading (raise the window with ChannelOptions, or read faster)");
    }
}
