package io.mitogen.core.router;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import io.mitogen.core.logging.Log;
import io.mitogen.core.wire.Frames;
import io.mitogen.core.wire.Message;

/**
 * The link to one peer (a child, or a child's parent): a reader thread that parses whole frames
 * and hands them to a {@link Listener}, and a writer thread that drains a queue, so that a slow
 * peer never blocks the thread that sends to it.
 *
 * <p>Process pipes cannot be selected on in Java, hence a blocking reader per stream. The writer
 * batches whatever is queued into one buffered write and flushes only when the queue is empty.
 */
public final class Stream {

    private static final Log log = Log.get(Stream.class);

    private static final Message CLOSE = new Message(0, 0, 0, 0, 0, null);

    private final String name;

    private final DataInputStream in;

    private final OutputStream out;

    private final int maxMessageSize;

    private final LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>();

    private final CompletableFuture<Throwable> disconnected = new CompletableFuture<>();

    private final CompletableFuture<Void> writerDone = new CompletableFuture<>();

    private volatile Listener listener;

    /**
     * @param name names the peer in thread names and log lines
     * @param in frames from the peer; read only by this stream's reader thread
     * @param out frames to the peer; written only by this stream's writer thread
     */
    public Stream(String name, InputStream in, OutputStream out, int maxMessageSize) {
        this.name = name;
        this.in = (in instanceof DataInputStream) ? (DataInputStream) in : new DataInputStream(in);
        this.out = out;
        this.maxMessageSize = maxMessageSize;
    }

    /** Starts the reader and writer threads. */
    public void start(Listener listener) {
        this.listener = listener;
        daemon(this::readLoop, "mitogen-read-" + this.name).start();
        daemon(this::writeLoop, "mitogen-write-" + this.name).start();
    }

    /** Queues {@code message} for the peer; dropped once the stream is closed. */
    public void send(Message message) {
        if (!this.disconnected.isDone()) {
            this.queue.add(message);
        }
    }

    /**
     * Stops the stream: what is queued is still written, then the output is closed, which the
     * peer sees as end of input.
     */
    public void close() {
        this.queue.add(CLOSE);
    }

    /** Completes when the writer has stopped: after {@link #close()}, everything queued was written. */
    public CompletableFuture<Void> writerDone() {
        return this.writerDone;
    }

    /** Completes (with the cause, or {@code null} for a clean end) when the peer is gone. */
    public CompletableFuture<Throwable> disconnected() {
        return this.disconnected;
    }

    public String name() {
        return this.name;
    }

    @Override
    public String toString() {
        return "Stream(" + this.name + ")";
    }

    private void readLoop() {
        byte[] header = new byte[Frames.HEADER_SIZE];
        Throwable cause = null;
        try {
            Message message;
            while ((message = Frames.read(this.in, header, this.maxMessageSize)) != null) {
                this.listener.onMessage(this, message);
            }
        }
        catch (Frames.FrameException ex) {
            log.error("{}: closing the stream: {}", this.name, ex.getMessage());
            cause = ex;
        }
        catch (IOException ex) {
            cause = ex;
        }
        catch (RuntimeException | Error ex) {
            log.error("{}: closing the stream after an unexpected error", this.name, ex);
            cause = ex;
        }
        disconnect(cause);
    }

    private void writeLoop() {
        BufferedOutputStream buffered = new BufferedOutputStream(this.out, 64 * 1024);
        byte[] header = new byte[Frames.HEADER_SIZE];
        try {
            while (true) {
                Message message = this.queue.take();
                while (message != null) {
                    if (message == CLOSE) {
                        buffered.flush();
                        this.out.close();
                        this.writerDone.complete(null);
                        return;
                    }
                    Frames.writeHeader(message, header, 0);
                    buffered.write(header);
                    buffered.write(message.payload);
                    message = this.queue.poll();
                }
                buffered.flush();
            }
        }
        catch (IOException ex) {
            log.debug("{}: write failed: {}", this.name, ex.toString());
            closeQuietly(this.out);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            closeQuietly(this.out);
        }
        this.writerDone.complete(null);
    }

    private void disconnect(Throwable cause) {
        if (this.disconnected.complete(cause)) {
            this.queue.clear();
            this.queue.add(CLOSE);
            this.listener.onDisconnect(this, cause);
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        }
        catch (IOException ex) {
            // The peer is gone already; nothing more to say.
        }
    }

    static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Receives what a stream reads. Called on the stream's reader thread. */
    public interface Listener {

        void onMessage(Stream stream, Message message);

        void onDisconnect(Stream stream, Throwable cause);
    }
}
