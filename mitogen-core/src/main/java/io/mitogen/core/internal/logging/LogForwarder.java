package io.mitogen.core.internal.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A child's sink: records from mitogen itself, SLF4J, {@code java.util.logging},
 * {@code System.Logger} and captured stdout go to the master in batches ({@code FORWARD_LOG}).
 *
 * <p>The queue is bounded and a full queue makes the logging thread wait, so a flood of logs
 * loses nothing and cannot pile up ahead of call results without limit. {@link #flush()} sends
 * everything queued so far on the calling thread: the child calls it before answering a call
 * (so a record logged just before returning arrives before the result) and when shutting down.
 * Sending always happens under one lock, so batches leave in the order records were queued.
 */
public final class LogForwarder implements Log.Sink {

    /**
     * Small on purpose: what is queued goes out before the next call result, so this bounds how
     * long a child that floods its logs can delay an answer; the flooding thread waits instead.
     */
    private static final int CAPACITY = 512;

    private static final int BATCH = 256;

    /** Longer messages are cut: one record never approaches the maximum message size. */
    static final int MAX_MESSAGE = 64 * 1024;

    private static volatile LogForwarder current;

    /** The trace id and span id of the call this thread serves, if its caller sent them. */
    public static final ThreadLocal<List<String>> TRACE = new ThreadLocal<>();

    private final int contextId;

    private final Consumer<List<List<Object>>> sender;

    private final ArrayBlockingQueue<List<Object>> queue = new ArrayBlockingQueue<>(CAPACITY);

    private final Semaphore queued = new Semaphore(0);

    /** Fair: a call's flush must not lose the lock, again and again, to the sending thread's loop. */
    private final ReentrantLock sendLock = new ReentrantLock(true);

    private volatile int threshold;

    /**
     * @param contextId the context these records come from
     * @param threshold the most verbose level the master keeps
     * @param sender sends one batch of records (as lists of plain values) to the master
     */
    public LogForwarder(int contextId, int threshold, Consumer<List<List<Object>>> sender) {
        this.contextId = contextId;
        this.threshold = threshold;
        this.sender = sender;
        current = this;
    }

    /** This child's forwarder, the one logging bridges find. */
    public static LogForwarder current() {
        return current;
    }

    /** Starts sending; until then records wait in the queue. */
    public void start() {
        Thread thread = new Thread(this::sendLoop, "mitogen-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** Follows the master's level for this context. */
    public void setThreshold(int threshold) {
        this.threshold = threshold;
    }

    public int threshold() {
        return this.threshold;
    }

    @Override
    public boolean isEnabled(int level, String name) {
        return level <= this.threshold;
    }

    @Override
    public void log(int level, String name, String message, Throwable thrown) {
        record(this.contextId, name, level, message, Thread.currentThread().getName(), thrown);
    }

    /**
     * Queues one record; {@code fromContext} may name a context below this one (its stderr,
     * collected here). Waits while the queue is full, except on threads that send.
     */
    public void record(int fromContext, String logger, int level, String message, String thread, Throwable thrown) {
        String text = (message == null) ? "null" : message;
        if (text.length() > MAX_MESSAGE) {
            text = text.substring(0, MAX_MESSAGE) + "... (" + (text.length() - MAX_MESSAGE) + " more characters)";
        }
        List<Object> record = new ArrayList<>(7);
        record.add(fromContext);
        record.add(logger);
        record.add(level);
        record.add(text);
        record.add(thread);
        record.add(System.currentTimeMillis());
        record.add(thrown);
        List<String> trace = TRACE.get();
        if (trace != null) {
            record.addAll(trace);
        }
        if (this.sendLock.isHeldByCurrentThread()) {
            // Logged while sending (e.g. by the stream): waiting here could never end.
            if (!this.queue.offer(record)) {
                return;
            }
        }
        else {
            try {
                this.queue.put(record);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        this.queued.release();
    }

    /**
     * Sends everything queued so far, on this thread. Only that: a thread that keeps logging
     * meanwhile must not keep the caller (a call's answer) waiting.
     */
    public void flush() {
        this.sendLock.lock();
        try {
            drainAndSend(this.queue.size());
        }
        finally {
            this.sendLock.unlock();
        }
    }

    private void sendLoop() {
        while (true) {
            try {
                this.queued.acquire();
            }
            catch (InterruptedException ex) {
                return;
            }
            // One pass sends every record queued so far: take their permits first, so a record
            // queued after this point keeps its own and wakes the next pass (none is missed).
            this.queued.drainPermits();
            this.sendLock.lock();
            try {
                drainAndSend(this.queue.size());
            }
            finally {
                this.sendLock.unlock();
            }
        }
    }

    /** Sends at most {@code limit} queued records, in batches. Called holding {@link #sendLock}. */
    private void drainAndSend(int limit) {
        int left = limit;
        while (left > 0) {
            List<List<Object>> batch = new ArrayList<>(Math.min(BATCH, left));
            int taken = this.queue.drainTo(batch, Math.min(BATCH, left));
            if (taken == 0) {
                return;
            }
            left -= taken;
            try {
                this.sender.accept(batch);
            }
            catch (RuntimeException ex) {
                // The parent is going or a value could not be encoded: nothing to report it to.
            }
        }
    }
}
