package io.mitogen.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.logging.LogForwarder;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * A router's part in log forwarding: at the master, the records children send
 * ({@code FORWARD_LOG}) and the levels they should send at; in a child, the sending side;
 * everywhere, {@link Router#enableDebug()}.
 */
final class LogRouting {

    private static final Log log = Log.get(LogRouting.class);

    /** How often the master checks whether its log levels changed, to tell the children. */
    private static final Duration LEVEL_CHECK_INTERVAL = Duration.ofSeconds(2);

    private final Router router;

    /** The level last sent to each context, so only changes travel. */
    private final Map<Integer, Integer> sentLevels = new ConcurrentHashMap<>();

    private volatile boolean debug;

    LogRouting(Router router) {
        this.router = router;
    }

    /** Forgets what was sent to a context that is gone. */
    void forget(int id) {
        this.sentLevels.remove(id);
    }

    /**
     * Makes every context in the tree, this one included, also write a debug log:
     * {@code mitogen.<pid>.log} in each JVM's temporary directory (on that JVM's machine).
     * Contexts started later do the same.
     */
    void enableDebug() {
        this.debug = true;
        String path = System.getProperty("java.io.tmpdir") + "/mitogen." + ProcessHandle.current().pid() + ".log";
        try {
            Log.writeDebugFile(path);
            log.info("debug log: {}", path);
        }
        catch (java.io.IOException ex) {
            throw new MitogenException("cannot write the debug log " + path + ": " + ex.getMessage(), ex);
        }
        for (Context context : this.router.contexts()) {
            if (context != this.router.myself() && context.isConnected()) {
                this.router.core.sendTo(context.id(), Handles.ENABLE_DEBUG, 0, null);
            }
        }
    }

    /**
     * Tells every child the level its records are kept at here now, if it changed. Runs every
     * two seconds on its own; call it to make a level change take effect at once.
     */
    void refreshLogLevels() {
        for (Context context : this.router.contexts()) {
            if (context == this.router.myself() || !context.isConnected()) {
                continue;
            }
            int level = Log.threshold("mitogen.ctx." + context.name());
            Integer sent = this.sentLevels.put(context.id(), level);
            if (sent == null || sent != level) {
                this.router.core.sendTo(context.id(), Handles.SET_LOG_LEVEL, 0,
                        this.router.codec.writer().writeInt(level).toByteArray());
            }
        }
    }

    /** Whether new children should write a debug log too. */
    boolean isDebug() {
        return this.debug;
    }

    /**
     * In a child: sends a batch of log records to the master, then waits while much is still
     * queued: logs may slow the threads that write them, never the answers to calls.
     */
    void forwardLogs(List<List<Object>> batch) {
        byte[] payload = this.router.codec.encode(batch);
        if (payload.length <= this.router.maxMessageSize) {
            this.router.core.sendTo(0, Handles.FORWARD_LOG, 0, payload);
        }
        else {
            for (byte[] piece : OversizeLogs.split(this.router.codec, this.router.maxMessageSize, batch)) {
                this.router.core.sendTo(0, Handles.FORWARD_LOG, 0, piece);
            }
        }
        try {
            this.router.core.parentStream().awaitBacklogBelow(64 * 1024);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** A line a context below this one wrote to stderr: logged here, or sent on towards the master. */
    void stderrLine(int contextId, String contextName, String line) {
        if (this.router.core.myId() == 0) {
            Log.forwarded(contextName, "stderr", Log.INFO, line, null, null, null, null);
            return;
        }
        io.mitogen.core.internal.logging.LogForwarder forwarder = io.mitogen.core.internal.logging.LogForwarder.current();
        if (forwarder != null) {
            forwarder.record(contextId, "stderr", Log.INFO, line, null, null);
        }
    }

    void scheduleLevelCheck() {
        if (this.router.broker.isShuttingDown()) {
            return;
        }
        try {
            this.router.broker.schedule(() -> {
                refreshLogLevels();
                scheduleLevelCheck();
            }, LEVEL_CHECK_INTERVAL);
        }
        catch (java.util.concurrent.RejectedExecutionException ex) {
            // The broker stopped in the meantime.
        }
    }
}
