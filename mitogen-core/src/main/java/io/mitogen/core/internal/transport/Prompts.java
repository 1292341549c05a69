package io.mitogen.core.internal.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.mitogen.core.ConnectFailedException;
import io.mitogen.core.Secret;

/**
 * What a privilege method (sudo, su, doas) may say on stderr before the child starts: the
 * password prompt to answer, and the failures to turn into specific exceptions at once. Matching
 * is case-insensitive on the transport's output since the last prompt; the password is written
 * once, and a second prompt means it was refused (no retry loop).
 */
public final class Prompts {

    /** A failure text meaning the password was refused. */
    public static final int AUTHENTICATION = 1;

    /** A failure text meaning a password is needed and none is configured (or the tool will not ask). */
    public static final int PASSWORD_REQUIRED = 2;

    /** A failure text meaning the tool insists on a terminal. */
    public static final int TTY_REQUIRED = 3;

    final String who;

    final Pattern prompt;

    final Secret password;

    final List<Pattern> failurePatterns = new ArrayList<>();

    final List<Integer> failureKinds = new ArrayList<>();

    private String ttyHint = "";

    private boolean needsTty;

    /**
     * @param who names the hop in messages, e.g. {@code sudo -u mitotest}
     * @param prompt the password prompt (case-insensitive; anchor it at the end with {@code $})
     * @param password the answer, or {@code null} when none is configured
     */
    public Prompts(String who, String prompt, Secret password) {
        this.who = who;
        this.prompt = Pattern.compile(prompt, Pattern.CASE_INSENSITIVE);
        this.password = password;
    }

    /** Adds a failure text (a case-insensitive regular expression). */
    public Prompts fail(int kind, String pattern) {
        this.failurePatterns.add(Pattern.compile(pattern, Pattern.CASE_INSENSITIVE));
        this.failureKinds.add(kind);
        return this;
    }

    /** How to fix a {@link #TTY_REQUIRED} failure, appended to its message. */
    public Prompts ttyHint(String hint) {
        this.ttyHint = hint;
        return this;
    }

    /**
     * Marks this hop as one that can only answer its prompt on a terminal (e.g. doas with a
     * password). A link that can give the transport a pseudo-terminal (an ssh channel with a pty)
     * may honour it; a local process cannot, so the tool's own refusal is reported with the hint.
     */
    public Prompts needsTty(boolean needsTty) {
        this.needsTty = needsTty;
        return this;
    }

    /** Whether this hop needs a terminal to answer its prompt. */
    public boolean needsTty() {
        return this.needsTty;
    }

    ConnectFailedException failure(int kind, String said) {
        return BootFailures.refused(kind, this.who, said.isEmpty() ? "" : " (it said: " + said + ")", this.ttyHint);
    }
}
