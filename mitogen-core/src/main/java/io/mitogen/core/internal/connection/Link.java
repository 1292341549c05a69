package io.mitogen.core.internal.connection;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

import io.mitogen.core.internal.transport.StderrCollector;

/**
 * A started transport that runs the boot command: its stdin and stdout become the channel, its
 * stderr carries the child's own output. A local process, an ssh exec channel, ...
 */
public interface Link {

    /** Towards the child. */
    OutputStream stdin();

    /** From the child: the ready marker, then frames. */
    InputStream stdout();

    /** The child's (and the transport's) own words. */
    InputStream stderr();

    /**
     * Starts collecting {@link #stderr()} for the child named {@code name}; a transport that
     * delivers stderr itself returns the collector it writes into instead.
     */
    default StderrCollector collectStderr(String name) {
        return StderrCollector.start(stderr(), name);
    }

    /** Completes with the exit status once the transport has ended. */
    CompletableFuture<Integer> exit();

    /**
     * Whether {@link #exit()} is word from the far side that follows the end of the channel
     * (an ssh exit status, a round trip later), rather than a local process's exit seen here.
     * A child that said goodbye before its channel ended is then taken at its word.
     */
    default boolean reportsExitRemotely() {
        return false;
    }

    /** Ends the transport at once, with everything it started where that can be known. */
    void kill();

    /** What was started, for messages: e.g. {@code local child (java /usr/bin/java)}. */
    String describe();
}
