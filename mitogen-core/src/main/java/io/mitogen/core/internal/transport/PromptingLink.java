package io.mitogen.core.internal.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;

import io.mitogen.core.ConnectFailedException;
import io.mitogen.core.internal.connection.Link;

/**
 * A {@link Link} whose transport may ask for a password before the child starts (sudo, su,
 * doas). It watches the transport's stderr as it is drained, answers the prompt once on stdin,
 * and turns the failure texts of {@link Prompts} into specific exceptions, killing the transport
 * the moment one is seen. {@link Handshake} sends the core bundle only after the first stage's
 * marker, so nothing but the password is ever written while a prompt may be pending.
 *
 * <p>Where a prompt can only be answered on a terminal ({@link Prompts#needsTty()}, e.g. doas
 * with a password), a link that can give the transport a pseudo-terminal (an ssh channel with a
 * pty) can honour it; a local process cannot, and the tool's refusal is reported with the fix.
 */
public final class PromptingLink implements Link {

    /** Output kept for matching since the last prompt. */
    private static final int WINDOW = 8192;

    private final Link link;

    private final Prompts prompts;

    private final InputStream stderr;

    private final StringBuilder window = new StringBuilder();

    private boolean answered;

    private volatile boolean started;

    private volatile ConnectFailedException failure;

    PromptingLink(Link link, Prompts prompts) {
        this.link = link;
        this.prompts = prompts;
        this.stderr = new FilterInputStream(link.stderr()) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    onStderr(buffer, offset, n);
                }
                return n;
            }
        };
    }


    /** What the transport's words showed, once a failure text or a second prompt was seen. */
    public ConnectFailedException failure() {
        return this.failure;
    }

    /** The first stage is running: from now on stderr is the child's, and is not watched. */
    void started() {
        this.started = true;
    }

    synchronized void onStderr(byte[] bytes, int offset, int length) {
        if (this.started || this.failure != null) {
            return;
        }
        // ISO-8859-1 keeps one char per byte, so a UTF-8 sequence split between reads is harmless.
        this.window.append(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
        if (this.window.length() > WINDOW) {
            this.window.delete(0, this.window.length() - WINDOW);
        }
        for (int i = 0; i < this.prompts.failurePatterns.size(); i++) {
            Matcher matcher = this.prompts.failurePatterns.get(i).matcher(this.window);
            if (matcher.find()) {
                fail(this.prompts.failureKinds.get(i), matcher);
                return;
            }
        }
        Matcher prompt = this.prompts.prompt.matcher(this.window);
        if (!prompt.find()) {
            return;
        }
        if (this.prompts.password == null) {
            fail(Prompts.PASSWORD_REQUIRED, prompt);
        }
        else if (this.answered) {
            fail(Prompts.AUTHENTICATION, prompt);
        }
        else {
            this.answered = true;
            this.window.setLength(0);
            answer();
        }
    }

    private void answer() {
        byte[] line = (this.prompts.password.reveal() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            OutputStream out = this.link.stdin();
            synchronized (out) {
                out.write(line);
                out.flush();
            }
        }
        catch (IOException ex) {
            // The transport is gone; the handshake reports how it ended.
        }
        finally {
            Arrays.fill(line, (byte) 0);
        }
    }

    private void fail(int kind, Matcher matcher) {
        this.failure = this.prompts.failure(kind, lineAround(matcher.start(), matcher.end()));
        this.link.kill();
        // sudo run from a non-root context is not ours to kill: at the end of its input it stops
        // asking and exits. (Nothing else writes to stdin before the marker, so this cannot block.)
        try {
            this.link.stdin().close();
        }
        catch (IOException ex) {
            // Already closed.
        }
    }

    /** The line holding the match, in the tool's own words (never the password). */
    private String lineAround(int start, int end) {
        int from = this.window.lastIndexOf("\n", Math.max(0, start - 1)) + 1;
        int to = this.window.indexOf("\n", end);
        String line = this.window.substring((from <= start) ? from : 0, (to < 0) ? this.window.length() : to);
        line = new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).replace('\r', ' ').trim();
        if (this.prompts.password != null && !this.prompts.password.reveal().isEmpty()) {
            line = line.replace(this.prompts.password.reveal(), "******");
        }
        return (line.length() <= 300) ? line : line.substring(0, 300) + "...";
    }

    @Override
    public OutputStream stdin() {
        return this.link.stdin();
    }

    @Override
    public InputStream stdout() {
        return this.link.stdout();
    }

    @Override
    public InputStream stderr() {
        return this.stderr;
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return this.link.exit();
    }

    @Override
    public boolean reportsExitRemotely() {
        return this.link.reportsExitRemotely();
    }

    @Override
    public void kill() {
        this.link.kill();
    }

    @Override
    public String describe() {
        return this.link.describe();
    }
}
