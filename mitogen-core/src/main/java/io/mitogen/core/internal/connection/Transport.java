package io.mitogen.core.internal.connection;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.mitogen.core.ConnectionOptions;

/**
 * A connection method that is more than a local process, with resources its links share (the
 * ssh client and its threads). One per router, made on first use by {@link Transports}.
 */
public interface Transport {

    /**
     * Opens the transport and starts {@code bootCommand} on the far side, within {@code timeout};
     * failures are {@link io.mitogen.core.ConnectFailedException}s of the kind that says why.
     */
    Link start(ConnectionOptions options, String bootCommand, String javaPath, Duration timeout);

    /** Releases what the links shared; completes when it is released. Links still open are cut. */
    CompletableFuture<Void> close();
}
