package io.mitogen.core.internal.transport.ssh;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;

import io.mitogen.core.internal.connection.Link;
import io.mitogen.core.internal.transport.StderrCollector;

/**
 * A {@link Link} over one ssh connection's exec channel: the channel's stdin and stdout are the
 * child's channel, its stderr the child's own words, and its exit status the shell's. The
 * connection belongs to this link alone: when the channel closes (the child exited, or the
 * connection was lost) the connection is closed too, and {@link #exit()} completes, with
 * {@code null} when the server sent no exit status.
 */
final class SshLink implements Link {

    private final ClientSession session;

    private final ChannelExec channel;

    private final String description;

    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    /** What the channel writes the child's stderr into, from MINA's I/O threads: no thread of ours. */
    private final StderrCollector stderr;

    SshLink(ClientSession session, ChannelExec channel, StderrCollector stderr, String description) {
        this.session = session;
        this.stderr = stderr;
        this.channel = channel;
        this.description = description;
        channel.addCloseFutureListener((closed) -> {
            this.exit.complete(channel.getExitStatus());
            session.close(false);
        });
        session.addCloseFutureListener((closed) -> this.exit.complete(channel.getExitStatus()));
        // MINA ends the inverted streams only when the channel closes, which an sshd does after
        // the exit status; the end of the child's channel comes earlier, as EOF: pass it on at
        // once, so that both ends close theirs and the child exits without waiting. (Stderr ends
        // at close: some servers, MINA's own among them, still send stderr after EOF.)
        channel.addChannelListener(new ChannelListener() {
            @Override
            public void channelStateChanged(Channel changed, String hint) {
                if ("SSH_MSG_CHANNEL_EOF".equals(hint)) {
                    endQuietly(channel.getOut());
                }
            }
        });
    }

    private static void endQuietly(java.io.OutputStream pipe) {
        try {
            if (pipe != null) {
                pipe.close();
            }
        }
        catch (java.io.IOException ex) {
            // Ending a pipe in memory; nothing to report.
        }
    }

    @Override
    public OutputStream stdin() {
        return this.channel.getInvertedIn();
    }

    @Override
    public InputStream stdout() {
        return this.channel.getInvertedOut();
    }

    /** Nothing to read: the channel writes stderr into {@link #collectStderr}'s collector. */
    @Override
    public InputStream stderr() {
        return InputStream.nullInputStream();
    }

    @Override
    public StderrCollector collectStderr(String name) {
        return this.stderr.named(name);
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return this.exit;
    }

    @Override
    public boolean reportsExitRemotely() {
        return true;
    }

    /** Cuts the connection: the far side's sshd closes the child's pipes, and the child exits on that. */
    @Override
    public void kill() {
        this.channel.close(true);
        this.session.close(true);
    }

    @Override
    public String describe() {
        return this.description;
    }

    @Override
    public String toString() {
        return "SshLink(" + this.description + ")";
    }
}
