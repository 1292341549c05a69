package io.mitogen.core;

import java.util.Optional;

import io.mitogen.core.internal.router.Stream;

/**
 * The bytes on the link between this program and a context it started itself, frames included:
 * what an operator looks at to see which host a transfer or a chatty task is loading.
 *
 * <p>A context started through another ({@code via}) has no link of its own here: its traffic
 * crosses its parent's link, and is counted there.
 */
public final class LinkTraffic {

    private final Stream stream;

    private LinkTraffic(Stream stream) {
        this.stream = stream;
    }

    /**
     * The link to {@code context}, or empty if this program did not start it directly (it was
     * started via another context, or it is gone).
     */
    public static Optional<LinkTraffic> of(Context context) {
        Stream stream = context.router().linkTo(context.id());
        return (stream != null) ? Optional.of(new LinkTraffic(stream)) : Optional.empty();
    }

    /** Bytes written to the context so far. */
    public long bytesSent() {
        return this.stream.bytesSent();
    }

    /** Bytes read from the context so far. */
    public long bytesReceived() {
        return this.stream.bytesReceived();
    }

    @Override
    public String toString() {
        return "LinkTraffic(" + this.stream.name() + ": " + bytesSent() + " bytes sent, " + bytesReceived() + " received)";
    }
}
