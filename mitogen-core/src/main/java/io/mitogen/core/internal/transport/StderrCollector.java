package io.mitogen.core.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.mitogen.core.internal.logging.Log;

/**
 * Collects a child's stderr, hands each line on to be logged as the child's, and keeps the
 * last lines for error messages. Lines are cut at {@value #MAX_LINE} bytes so that output
 * without newlines stays bounded. A pipe is drained on a thread of its own
 * ({@link #start}: an undrained pipe would stall the child); a transport that delivers stderr
 * itself (an ssh channel, from its I/O threads) writes into the collector as into an output
 * stream ({@link #pushed}), and no thread is spent on it.
 */
public final class StderrCollector extends OutputStream {

    static final int MAX_LINE = 8192;

    private static final int TAIL_LINES = 40;

    private final ArrayDeque<String> tail = new ArrayDeque<>();

    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private volatile Log log;

    private volatile Consumer<String> lines;

    private final byte[] line = new byte[MAX_LINE];

    private int length;

    private StderrCollector(String name) {
        this.log = Log.get("mitogen.ctx." + name);
    }

    /** Starts draining {@code stderr}. */
    public static StderrCollector start(InputStream stderr, String name) {
        StderrCollector collector = new StderrCollector(name);
        Thread thread = new Thread(() -> collector.drain(stderr), "mitogen-stderr-" + name);
        thread.setDaemon(true);
        thread.start();
        return collector;
    }

    /** A collector that the transport writes into; {@link #close()} is the end of stderr. */
    public static StderrCollector pushed(String name) {
        return new StderrCollector(name);
    }

    /** The child's name, once known (a pushed collector is made before the boot command is). */
    public StderrCollector named(String name) {
        this.log = Log.get("mitogen.ctx." + name);
        return this;
    }

    /** From now on lines are the running child's output, handed to {@code lines}. */
    public void connected(Consumer<String> lines) {
        this.lines = lines;
    }

    /** Completes when stderr reaches its end. */
    public CompletableFuture<Void> ended() {
        return this.ended;
    }

    /** The last lines seen, joined, or an empty string. */
    public String tail() {
        synchronized (this.tail) {
            return String.join("\n", this.tail);
        }
    }

    @Override
    public void write(int b) {
        write(new byte[] { (byte) b }, 0, 1);
    }

    @Override
    public synchronized void write(byte[] chunk, int offset, int n) {
        for (int i = offset; i < offset + n; i++) {
            byte b = chunk[i];
            if (b == '\n' || this.length == MAX_LINE) {
                emit(this.line, this.length);
                this.length = 0;
                if (b == '\n') {
                    continue;
                }
            }
            this.line[this.length++] = b;
        }
    }

    /** The end of stderr: what is left of the last line is kept. */
    @Override
    public synchronized void close() {
        if (this.length > 0) {
            emit(this.line, this.length);
            this.length = 0;
        }
        this.ended.complete(null);
    }

    private void drain(InputStream stderr) {
        byte[] chunk = new byte[8192];
        try (InputStream in = stderr) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                write(chunk, 0, n);
            }
        }
        catch (IOException ex) {
            // The child is gone; what was read is kept.
        }
        close();
    }

    private void emit(byte[] line, int length) {
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        synchronized (this.tail) {
            if (this.tail.size() == TAIL_LINES) {
                this.tail.removeFirst();
            }
            this.tail.addLast(text);
        }
        Consumer<String> connected = this.lines;
        if (connected != null) {
            connected.accept(text);
        }
        else {
            this.log.debug("stderr: {}", text);
        }
    }
}
