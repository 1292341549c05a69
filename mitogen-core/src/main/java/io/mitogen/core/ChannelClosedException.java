package io.mitogen.core;

/**
 * A {@link Channel} has ended (it was closed, or nothing is queued and every sender handed out is
 * done), or a {@link Sender} was used after its call returned or it was closed.
 */
public class ChannelClosedException extends MitogenException {

    private static final long serialVersionUID = 1L;

    public ChannelClosedException(String message) {
        super(message);
    }
}
