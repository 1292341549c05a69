package io.mitogen.core.internal.logging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads what a child writes to its stdout, the child's own {@code System.out} and the output
 * of processes it starts with inherited stdio alike: the boot command points fd 1 at a private
 * pipe that this reads, so none of it can reach the channel. Each line becomes a
 * {@code stdout} record; a line longer than {@value #MAX_LINE} bytes is cut into several, and a
 * partial line is sent once the writer has been quiet for {@value #QUIET_MILLIS} ms, so output
 * without a newline still arrives while a line written in several pieces stays one line.
 */
public final class StdoutForwarder {

    static final int MAX_LINE = 8192;

    static final long QUIET_MILLIS = 50;

    /** Counts chunks read: the flusher sends a partial line only if none arrived while it waited. */
    private long chunks;

    private final InputStream in;

    private final LogForwarder forwarder;

    private final int contextId;

    private final byte[] line = new byte[MAX_LINE];

    private int length;

    private volatile boolean stopping;

    private volatile Thread reader;

    public StdoutForwarder(InputStream in, LogForwarder forwarder, int contextId) {
        this.in = in;
        this.forwarder = forwarder;
        this.contextId = contextId;
    }

    /** Starts the reading thread, and the one that sends a partial line once the writer is quiet. */
    public void start() {
        Thread thread = new Thread(this::readLoop, "mitogen-stdout");
        thread.setDaemon(true);
        this.reader = thread;
        thread.start();
        Thread flusher = new Thread(this::flushLoop, "mitogen-stdout-flush");
        flusher.setDaemon(true);
        flusher.start();
    }

    private synchronized void flushLoop() {
        try {
            while (!this.stopping) {
                while (this.length == 0 && !this.stopping) {
                    wait();
                }
                long seen = this.chunks;
                wait(QUIET_MILLIS);
                if (this.chunks == seen) {
                    emit();
                }
            }
        }
        catch (InterruptedException ex) {
            // The child is exiting.
        }
    }

    /**
     * Before the child exits: queues what was written so far (waiting at most {@code millis}),
     * then ends the reading thread. It would otherwise stay blocked reading a pipe whose write
     * end this JVM holds itself, and HotSpot's exit waits ~300 ms for threads blocked in a read.
     */
    public void stop(long millis) {
        drain(millis);
        this.stopping = true;
        synchronized (this) {
            notifyAll();
        }
        try {
            new java.io.FileOutputStream(java.io.FileDescriptor.out).write('\n');
            Thread thread = this.reader;
            if (thread != null) {
                thread.join(200);
            }
        }
        catch (IOException ex) {
            // Exiting regardless.
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (at most {@code millis}) until everything written so far has been read and queued. */
    public void drain(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            while (this.in.available() > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000L);
            }
        }
        catch (IOException ex) {
            // Nothing more to read.
        }
        synchronized (this) {
            emit();
        }
    }

    private void readLoop() {
        byte[] chunk = new byte[64 * 1024];
        try {
            int n;
            while ((n = this.in.read(chunk)) > 0) {
                if (this.stopping) {
                    return;
                }
                synchronized (this) {
                    for (int i = 0; i < n; i++) {
                        byte b = chunk[i];
                        if (b == '\n') {
                            emit();
                        }
                        else {
                            if (this.length == MAX_LINE) {
                                emit();
                            }
                            this.line[this.length++] = b;
                        }
                    }
                    this.chunks++;
                    if (this.length > 0) {
                        notifyAll();
                    }
                }
            }
        }
        catch (IOException ex) {
            // The child is exiting.
        }
    }

    /** Queues the line collected so far, if any. Called holding this object's lock. */
    private void emit() {
        if (this.length == 0) {
            return;
        }
        int end = (this.line[this.length - 1] == '\r') ? this.length - 1 : this.length;
        String text = new String(this.line, 0, end, StandardCharsets.UTF_8);
        this.length = 0;
        this.forwarder.record(this.contextId, "stdout", Log.INFO, text, null, null);
    }
}
