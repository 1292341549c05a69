package io.mitogen.core.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.mitogen.core.ChannelClosedException;
import io.mitogen.core.Context;
import io.mitogen.core.Sender;

/** What the channel tests run in children: senders received as arguments. Public API only. */
public final class ChannelTasks {

    private static Sender<String> kept;

    private ChannelTasks() {
    }

    /**
     * The seeds' example: forwards what is appended to {@code path} after its first {@code from}
     * bytes until the channel's owner closes it; returns how many pieces it sent.
     */
    public static int tail(Sender<String> out, String path, long from) throws IOException, InterruptedException {
        Path file = Path.of(path);
        long size = from;
        int sent = 0;
        while (out.isOpen()) {
            long newSize = Files.size(file);
            if (newSize == size) {
                Thread.sleep(5); // the task polls its file, as the seeds' example does
                continue;
            }
            if (newSize < size) {
                size = 0;
            }
            try (SeekableByteChannel in = Files.newByteChannel(file)) {
                ByteBuffer piece = ByteBuffer.allocate((int) (newSize - size));
                in.position(size);
                while (piece.hasRemaining() && in.read(piece) >= 0) {
                    // reads until the piece is full
                }
                out.send(new String(piece.array(), 0, piece.position(), StandardCharsets.UTF_8));
            }
            size = newSize;
            sent++;
        }
        return sent;
    }

    /** Sends {@code 0 .. count-1}, then returns {@code count}. */
    public static int count(Sender<Integer> out, int count) {
        for (int i = 0; i < count; i++) {
            out.send(i);
        }
        return count;
    }

    /** Waits, sending nothing, until the owner closes the channel. */
    public static String waitUntilClosed(Sender<String> out) {
        while (out.isOpen()) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return "closed by its owner";
    }

    /** Keeps the sender beyond its call. */
    public static void keep(Sender<String> out) {
        kept = out;
    }

    /** Uses the sender a previous call kept. */
    public static String sendOnKept(String value) {
        try {
            kept.send(value);
            return "sent";
        }
        catch (ChannelClosedException ex) {
            return "ChannelClosedException: " + ex.getMessage();
        }
    }

    /** Sends something the wire does not carry. */
    public static void sendUnencodable(Sender<Object> out) {
        out.send(new Object());
    }

    /** Sends a string on a sender whose channel may declare another type. */
    public static void sendText(Sender<Object> out, String text, int after) {
        out.send(text);
        out.send(after);
    }

    /** Tries to hand its sender on to another context. */
    public static String passOn(Sender<Integer> out, Context other) {
        try {
            return "passed: " + other.call(ChannelTasks::count, out, 1);
        }
        catch (RuntimeException ex) {
            return ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
    }
}
