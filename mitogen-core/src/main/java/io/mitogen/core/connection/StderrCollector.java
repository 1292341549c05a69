package io.mitogen.core.connection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.mitogen.core.logging.Log;

/**
 * Drains a child's stderr on its own thread (an undrained pipe would stall the child), hands
 * each line on to be logged as the child's, and keeps the last lines for error messages.
 * Lines are cut at {@value #MAX_LINE} bytes so that output without newlines stays bounded.
 */
public final class StderrCollector {

    static final int MAX_LINE = 8192;

    private static final int TAIL_LINES = 40;

    private final ArrayDeque<String> tail = new ArrayDeque<>();

    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private final Log log;

    private volatile Consumer<String> lines;

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

    private void drain(InputStream stderr) {
        byte[] line = new byte[MAX_LINE];
        int length = 0;
        byte[] chunk = new byte[8192];
        try (InputStream in = stderr) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = chunk[i];
                    if (b == '\n' || length == MAX_LINE) {
                        emit(line, length);
                        length = 0;
                        if (b == '\n') {
                            continue;
                        }
                    }
                    line[length++] = b;
                }
            }
        }
        catch (IOException ex) {
            // The child is gone; what was read is kept.
        }
        if (length > 0) {
            emit(line, length);
        }
        this.ended.complete(null);
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
