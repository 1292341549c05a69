package io.mitogen.core.internal.transport;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import io.mitogen.core.ConnectFailedException;
import io.mitogen.core.JavaNotFoundException;
import io.mitogen.core.internal.bootstrap.CoreBundle;
import io.mitogen.core.internal.connection.Link;
import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * The parent's half of the bootstrap over a started {@link Link}: send the core bundle and the
 * child's configuration at once (no round trip), skip whatever the login shell printed before
 * the first stage's marker, and wait for the child's READY frame, all within the connect
 * timeout. Any failure becomes a {@link ConnectFailedException} that names what was run and
 * carries the child's own stderr ({@link JavaNotFoundException} when the shell found no
 * {@code java}, exit status 127); a timeout kills the transport first.
 *
 * <p>A {@link PromptingLink} (sudo, su, doas) may be asked for a password on stdin first: for it
 * the bundle is sent only once the marker shows the first stage running (one round trip more),
 * and the transport's own refusal (wrong password, no tty) is the failure reported.
 */
public final class Handshake {

    /** Output tolerated before the marker (banners, shell start-up noise). */
    private static final int MAX_NOISE = 1024 * 1024;

    private static final byte[] MARKER = { 'M', 'I', 'T', 'O', 'G', 'E', 'N', '1' };

    /** How long a transport whose output ended may take to report its exit status. */
    private static final Duration EXIT_AFTER_END = Duration.ofSeconds(10);

    private final Link link;

    private final StderrCollector stderr;

    private volatile boolean timedOut;

    private Handshake(Link link, StderrCollector stderr) {
        this.link = link;
        this.stderr = stderr;
    }

    /**
     * Runs the handshake with what is {@code left} of the connect {@code timeout} (opening the
     * transport, e.g. an ssh login, took the rest); messages name the timeout itself.
     *
     * @param scheduler arms the connect timeout: {@code (task, delay) -> future}
     * @return the channel, positioned after READY, and READY itself
     */
    public static Result run(Link link, StderrCollector stderr, byte[] configFrame, Duration timeout, Duration left,
            BiFunction<Runnable, Duration, ScheduledFuture<?>> scheduler, int maxMessageSize) {
        return new Handshake(link, stderr).run(configFrame, timeout, left, scheduler, maxMessageSize);
    }

    private Result run(byte[] configFrame, Duration timeout, Duration left,
            BiFunction<Runnable, Duration, ScheduledFuture<?>> scheduler, int maxMessageSize) {
        ScheduledFuture<?> timer = scheduler.apply(() -> {
            this.timedOut = true;
            this.link.kill();
        }, left);
        try {
            OutputStream out = this.link.stdin();
            // A transport that may prompt reads its password from stdin: send the bundle only
            // once the first stage runs, so that nothing else is there while it asks.
            PromptingLink prompting = (this.link instanceof PromptingLink) ? (PromptingLink) this.link : null;
            if (prompting == null) {
                sendBundle(out, configFrame);
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(this.link.stdout(), 64 * 1024));
            String noise = awaitMarker(in);
            if (noise != null) {
                throw fail(timeout, "it printed " + noise.length() + " bytes before starting: " + abbreviate(noise), null,
                        false);
            }
            if (prompting != null) {
                prompting.started();
                sendBundle(out, configFrame);
            }
            Message ready = Frames.read(in, new byte[Frames.HEADER_SIZE], maxMessageSize);
            if (ready == null || ready.handle != Handles.READY) {
                throw fail(timeout, (ready == null) ? "it exited during bootstrap" : "its first frame was not READY", null,
                        ready == null);
            }
            return new Result(in, out, ready);
        }
        catch (IOException ex) {
            throw fail(timeout, "it exited during bootstrap", ex, true);
        }
        finally {
            timer.cancel(false);
        }
    }

    private static void sendBundle(OutputStream out, byte[] configFrame) throws IOException {
        synchronized (out) {
            CoreBundle.get().writeTo(out);
            out.write(configFrame);
            out.flush();
        }
    }

    /** Skips to the marker; returns {@code null} when found, else what came instead. */
    private String awaitMarker(DataInputStream in) throws IOException {
        StringBuilder noise = new StringBuilder();
        int matched = 0;
        int seen = 0;
        while (matched < MARKER.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of output before the first stage started");
            }
            if (b == MARKER[matched]) {
                matched++;
                continue;
            }
            if (matched > 0) {
                noise.append(new String(MARKER, 0, matched, StandardCharsets.ISO_8859_1));
            }
            matched = (b == MARKER[0]) ? 1 : 0;
            if (matched == 0) {
                noise.append((char) b);
            }
            if (++seen > MAX_NOISE) {
                return noise.toString();
            }
        }
        return null;
    }

    /**
     * @param ended whether its output ended: then the transport is given time to report the exit
     *        status before it is cut (an ssh channel sends it after the end of output, and through
     *        a hop on a loaded machine that took over 2 s: cut sooner, the status is lost)
     */
    private ConnectFailedException fail(Duration timeout, String what, Throwable cause, boolean ended) {
        if (ended && !this.timedOut) {
            try {
                this.link.exit().get(Math.min(timeout.toMillis(), EXIT_AFTER_END.toMillis()), TimeUnit.MILLISECONDS);
            }
            catch (Exception ex) {
                // Cut it below.
            }
        }
        this.link.kill();
        Integer status = null;
        try {
            status = this.link.exit().get(2, TimeUnit.SECONDS);
            this.stderr.ended().get(2, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            // Report what is known.
        }
        if (this.link instanceof PromptingLink && ((PromptingLink) this.link).failure() != null) {
            // The transport's own refusal (wrong password, no tty, ...) says more than how it ended.
            return ((PromptingLink) this.link).failure();
        }
        String said = this.stderr.tail();
        String words = said.isEmpty() ? "" : "; its stderr said:\n" + said;
        if (this.timedOut) {
            return BootFailures.timedOut(this.link, timeout, words, cause);
        }
        String exit = (status != null) ? " (exit status " + status + ")" : "";
        if (said.contains(io.mitogen.core.internal.transport.BootCommand.NO_WRITABLE_DIR)
                || (status != null && status == io.mitogen.core.internal.transport.BootCommand.NO_WRITABLE_DIR_STATUS)) {
            return BootFailures.noWritableDirectory(this.link.describe(), exit + words, cause);
        }
        if (status == null && said.contains("exec: ") && said.contains(": not found")) {
            // The shell's words for 127 when the transport gave no exit status: an ssh channel
            // may close before its exit-status request was handled (seen under load, via a hop).
            status = 127;
        }
        if (status != null && (status == 127 || status == 126)) {
            // The shell's words for "no such program" (127) and "cannot run it" (126).
            return BootFailures.javaNotFound(this.link, status, exit, words, cause);
        }
        return BootFailures.failedToStart(this.link, what, exit, words, cause);
    }

    private static String abbreviate(String text) {
        return (text.length() <= 200) ? text : text.substring(0, 200) + "...";
    }

    /** A child that said READY: its channel and what it told about itself. */
    public static final class Result {

        public final DataInputStream in;

        public final OutputStream out;

        public final Message ready;

        Result(DataInputStream in, OutputStream out, Message ready) {
            this.in = in;
            this.out = out;
            this.ready = ready;
        }
    }
}
