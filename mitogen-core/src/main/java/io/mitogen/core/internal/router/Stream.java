package io.mitogen.core.internal.router;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * The link to one peer (a child, or a child's parent): a reader thread that parses whole frames
 * and hands them to a {@link Listener}, and a writer thread that drains a queue, so that a slow
 * peer never blocks the thread that sends to it.
 *
 * <p>Process pipes cannot be selected on in Java, hence a blocking reader per stream. The writer
 * batches whatever is queued into one buffered write and flushes only when the queue is empty.
 * It is started by the first queued frame and ends once nothing was queued for
 * {@link #WRITER_IDLE_MILLIS}: most frames are written by their sender (below), so an idle link,
 * a master's fleet of them in particular, costs one thread (its reader), not two.
 *
 * <p>An application thread (a caller, or a child's main thread answering) writes a small frame
 * itself when nothing is queued: that saves two thread wake-ups per round trip. A stream thread
 * (a reader relaying a message, or answering on its reading thread) does the same only while
 * the peer cannot be stalled by it: the frame is small and at most {@link #RELAY_LIMIT} bytes
 * went to the peer since it last sent us a frame, well below a pipe's buffer (64 KiB, or one
 * 4 KiB page for a user over the kernel's pipe allowance) or an ssh channel's window. A peer
 * that stops reading stops answering too, so a relay writes at most that much into its pipe
 * before everything for it goes through the queue again, and the relaying reader, which
 * carries other traffic, never blocks on it.
 *
 * <p>Over 400 lines on purpose: the reader, the writer thread and the sender's direct write share
 * one write lock, queue and set of counters, and every message passes here; split, that state
 * would be spread over classes on the hot path, and the core bundle would carry one more.
 */
public final class Stream {

    private static final Log log = Log.get(Stream.class);

    private static final Message CLOSE = new Message(0, 0, 0, 0, 0, null);

    /** Frames up to this size may be written by the sending thread (they fit a pipe's buffer). */
    private static final int DIRECT_LIMIT = 16 * 1024;

    /** What a stream thread may have written to the peer since it last heard from it, writing itself. */
    private static final int RELAY_LIMIT = 4 * 1024;

    /** How long a writer thread waits for the next queued frame before it ends. */
    private static final long WRITER_IDLE_MILLIS = 2000;

    private final String name;

    private final DataInputStream in;

    private final OutputStream out;

    private final int maxMessageSize;

    private final LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>();

    /** Queued and not yet written: while non-zero, nobody may write around the queue. */
    private final AtomicInteger pending = new AtomicInteger();

    /** Payload bytes queued and not yet written, for senders that must not run ahead. */
    private final java.util.concurrent.atomic.AtomicLong backlog = new java.util.concurrent.atomic.AtomicLong();

    private final Object drained = new Object();

    /** Held by whoever writes to {@link #buffered}. */
    private final ReentrantLock writeLock = new ReentrantLock();

    /** Whether a writer thread runs (or is being started); it stays set once the stream closed. */
    private final java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean();

    private final BufferedOutputStream buffered;

    private final byte[] header = new byte[Frames.HEADER_SIZE];

    private final CompletableFuture<Throwable> disconnected = new CompletableFuture<>();

    private final CompletableFuture<Void> writerDone = new CompletableFuture<>();

    private volatile Listener listener;

    /** Set by {@link #close()}: a write that fails after it is expected, not a lost peer. */
    private volatile boolean closing;

    private volatile Traffic traffic = new Traffic();

    /**
     * This stream's own bytes, frames included. Plain volatile fields, not atomics: each has one
     * writer at a time (the reader thread; whoever holds {@link #writeLock}).
     */
    private volatile long bytesSent;

    private volatile long bytesReceived;

    /** {@link #bytesSent} when the last frame from the peer arrived: see {@link #RELAY_LIMIT}. */
    private volatile long sentWhenPeerLastSpoke;

    /**
     * @param name names the peer in thread names and log lines
     * @param in frames from the peer; read only by this stream's reader thread
     * @param out frames to the peer; written under this stream's write lock, by its writer thread
     *        or by an application thread sending a small frame when nothing is queued
     */
    public Stream(String name, InputStream in, OutputStream out, int maxMessageSize) {
        this.name = name;
        this.in = (in instanceof DataInputStream) ? (DataInputStream) in : new DataInputStream(in);
        this.out = out;
        this.buffered = new BufferedOutputStream(out, 64 * 1024);
        this.maxMessageSize = maxMessageSize;
    }

    /** Starts the reader thread, and the writer if frames were queued already. */
    public void start(Listener listener) {
        this.listener = listener;
        new StreamThread(this::readLoop, "mitogen-read-" + this.name).start();
        ensureWriter();
    }

    /** Sends {@code message} to the peer, in order with this thread's earlier messages; dropped once closed. */
    public void send(Message message) {
        if (this.disconnected.isDone()) {
            return;
        }
        if (message.hasBulk()) {
            // Its arrays are the caller's: written from there, so the caller waits for it.
            enqueue(message);
            awaitWritten(message);
            return;
        }
        boolean relay = Thread.currentThread() instanceof StreamThread;
        if (message.payload.length <= DIRECT_LIMIT && this.pending.get() == 0 && (!relay || mayRelayDirectly(message))
                && this.writeLock.tryLock()) {
            IOException failed = null;
            try {
                if (this.pending.get() == 0 && (!relay || mayRelayDirectly(message))) {
                    writeFrame(message);
                    this.buffered.flush();
                    return;
                }
            }
            catch (IOException ex) {
                failed = ex;
            }
            finally {
                this.writeLock.unlock();
            }
            if (failed != null) {
                writeFailed(failed);
                return;
            }
        }
        enqueue(message);
    }

    /** Whether a stream thread may write {@code message} itself: see {@link #RELAY_LIMIT}. */
    private boolean mayRelayDirectly(Message message) {
        long unanswered = this.bytesSent - this.sentWhenPeerLastSpoke;
        return unanswered + Frames.HEADER_SIZE + message.length() <= RELAY_LIMIT;
    }

    /**
     * Stops the stream: what is queued is still written, then the output is closed, which the
     * peer sees as end of input.
     */
    public void close() {
        this.closing = true;
        enqueue(CLOSE);
    }

    private void enqueue(Message message) {
        this.pending.incrementAndGet();
        this.backlog.addAndGet(message.length());
        this.queue.add(message);
        ensureWriter();
    }

    /**
     * Starts a writer thread if frames are queued and none runs. Not before {@link #start}: a
     * failed write reports to the listener. The queue is filled before this is called, and the
     * listener set before {@link #start} calls it, so one of the two always sees the other.
     */
    private void ensureWriter() {
        if (this.listener != null && !this.queue.isEmpty() && this.writing.compareAndSet(false, true)) {
            new StreamThread(this::writeLoop, "mitogen-write-" + this.name).start();
        }
    }

    private void awaitWritten(Message message) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (message.awaitWritten(100) || this.writerDone.isDone()) {
                        return;
                    }
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits until at most {@code bytes} are queued for this peer (or the stream is gone): how a
     * sender of bulk (log records) keeps from piling up ahead of call results.
     */
    public void awaitBacklogBelow(long bytes) throws InterruptedException {
        synchronized (this.drained) {
            while (this.backlog.get() > bytes && !this.disconnected.isDone()) {
                this.drained.wait(100);
            }
        }
    }

    /** Bytes written to the peer so far, frames included. */
    public long bytesSent() {
        return this.bytesSent;
    }

    /** Bytes read from the peer so far, frames included. */
    public long bytesReceived() {
        return this.bytesReceived;
    }

    /** Adds this stream's bytes to {@code traffic} (a router's totals) from now on. */
    public void countInto(Traffic traffic) {
        this.traffic = traffic;
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
                this.traffic.received.addAndGet(Frames.HEADER_SIZE + message.length());
                this.bytesReceived += Frames.HEADER_SIZE + message.length();
                this.sentWhenPeerLastSpoke = this.bytesSent;
                this.traffic.framesReceived.incrementAndGet();
                if (Log.isIoEnabled() && message.handle != Handles.FORWARD_LOG) {
                    log.debug("{}: received {}", this.name, message);
                }
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
        try {
            while (true) {
                Message message = this.queue.poll(WRITER_IDLE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (message == null) {
                    // Idle: end, unless a frame came in between (whose sender saw this thread running).
                    this.writing.set(false);
                    if (this.queue.isEmpty() || !this.writing.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                this.writeLock.lock();
                try {
                    while (message != null) {
                        if (message == CLOSE) {
                            this.buffered.flush();
                            this.out.close();
                            this.writerDone.complete(null);
                            return;
                        }
                        writeFrame(message);
                        message.markWritten();
                        this.pending.decrementAndGet();
                        this.backlog.addAndGet(-message.length());
                        message = this.queue.poll();
                    }
                    this.buffered.flush();
                    synchronized (this.drained) {
                        this.drained.notifyAll();
                    }
                }
                finally {
                    this.writeLock.unlock();
                }
            }
        }
        catch (IOException ex) {
            closeQuietly(this.out);
            writeFailed(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            closeQuietly(this.out);
        }
        this.writerDone.complete(null);
    }

    /** Writes one frame into the buffer; the caller holds {@link #writeLock}. */
    private void writeFrame(Message message) throws IOException {
        // Not the log records themselves: logging each of their frames would make more.
        if (Log.isIoEnabled() && message.handle != Handles.FORWARD_LOG) {
            log.debug("{}: sending {}", this.name, message);
        }
        Frames.writeHeader(message, this.header, 0);
        this.traffic.sent.addAndGet(Frames.HEADER_SIZE + message.length());
        this.bytesSent += Frames.HEADER_SIZE + message.length();
        this.buffered.write(this.header);
        message.writeFrameBody(this.buffered);
    }

    /**
     * The peer cannot be written to: it is gone, even if its end of our input stays open (some
     * transports keep it so), unless this side was closing the stream anyway.
     */
    private void writeFailed(IOException ex) {
        log.debug("{}: write failed: {}", this.name, ex.toString());
        if (!this.closing) {
            disconnect(ex);
        }
    }

    private void disconnect(Throwable cause) {
        if (this.disconnected.complete(cause)) {
            Message dropped;
            while ((dropped = this.queue.poll()) != null) {
                dropped.markWritten();
            }
            enqueue(CLOSE);
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

    /** Bytes through a router's streams, frames included. */
    public static final class Traffic {

        final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();

        final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();

        public long sent() {
            return this.sent.get();
        }

        public long received() {
            return this.received.get();
        }

        final java.util.concurrent.atomic.AtomicLong framesReceived = new java.util.concurrent.atomic.AtomicLong();

        /** Frames read (every frame this context relays or receives), e.g. to show what passes here. */
        public long framesReceived() {
            return this.framesReceived.get();
        }
    }

    /** The threads that belong to streams: they never write around the queue. */
    private static final class StreamThread extends Thread {

        StreamThread(Runnable task, String name) {
            // Started by whichever thread queues first: nothing of that caller's may stay reachable.
            super(null, task, name, 0, false);
            setDaemon(true);
            setContextClassLoader(Stream.class.getClassLoader());
        }
    }

    /** Receives what a stream reads. Called on the stream's reader thread. */
    public interface Listener {

        void onMessage(Stream stream, Message message);

        void onDisconnect(Stream stream, Throwable cause);
    }
}
