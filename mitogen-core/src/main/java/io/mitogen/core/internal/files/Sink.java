package io.mitogen.core.internal.files;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.mitogen.core.FileTransferException;
import io.mitogen.core.TransferInterruptedException;
import io.mitogen.core.TransferListener;
import io.mitogen.core.internal.router.MessageRouter.Policy;
import io.mitogen.core.internal.router.MessageRouter;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.wire.Message;

/**
 * The receiving end of one transfer: writes what one source context sends below one target, each
 * file to a temporary name beside its target and renamed into place only once its size and
 * SHA-256 match what the source sent. The stream's reader only queues each message; a thread of
 * the sink's own writes, hashes and acknowledges, so that a slow disk (writeback throttling can
 * stall a write for 100 ms) never holds up the calls and other traffic on the same stream. The
 * queue is bounded by the source's window (a source that overruns it fails the transfer).
 *
 * <p>When the source is not trusted (a child sending to the master: a pull or a fetch), paths
 * are checked to stay below the target, never through a symbolic link, and permission bits are
 * limited to {@code 0777} (no set-uid file made for a child).
 *
 * <p>This class runs the protocol (queue, acknowledgements, the summary); {@link TargetTree} checks
 * and makes the paths, {@link IncomingFile} writes, verifies and renames each file.
 */
public final class Sink implements MessageRouter.Handler {

    private final FileEngine engine;

    private final int peer;

    private final Path target;

    /** Where entries go, and the directories of a tree. */
    private final TargetTree tree;

    private final int mode;

    private final boolean preserveTimes;

    private final boolean overwrite;

    private final TransferListener listener;

    private final int handle;

    private final CompletableFuture<Summary> done = new CompletableFuture<>();

    /** What the reader handed over and the sink's thread has not written yet. */
    private final java.util.concurrent.LinkedBlockingQueue<Message> inbox = new java.util.concurrent.LinkedBlockingQueue<>();

    /** Bytes in {@link #inbox}: a source within its window keeps this under {@link #MAX_QUEUED}. */
    private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();

    /** The window, twice over, plus control messages: more means the source ignores the window. */
    private static final long MAX_QUEUED = 2 * Protocol.WINDOW + 4 * 1024 * 1024;

    private final MessageDigest treeDigest = Digests.sha256();

    /**
     * Bytes received and not yet acknowledged, at most, while more is queued: a quarter of the
     * default window ({@code -Dmitogen.files.ackKiB} at the receiving end, for measurements; 0
     * acknowledges every chunk).
     */
    private static final long ACK_EVERY = Integer.getInteger("mitogen.files.ackKiB", 256) * 1024L;

    private int ackHandle = -1;

    /** What the last ACK acknowledged. */
    private long acked;

    /** The length of the first DATA payload: the source's chunk size, whose arrays are recycled. */
    private int chunkLength = -1;

    private long received;

    private int files;

    private String lastFileSha;

    /** The file being written, or the last one written; null before the first. */
    private IncomingFile file;

    /** The entry being worked on, for error messages. */
    private Path path;

    /**
     * Registers the sink's handle, accepting messages from {@code peer} only.
     *
     * @param mode permission bits for every file, or {@code -1} for the source's
     */
    public Sink(FileEngine engine, int peer, Path target, int mode, boolean preserveTimes, boolean overwrite,
            boolean createDirectories, boolean untrusted, TransferListener listener) {
        this.engine = engine;
        this.peer = peer;
        this.target = target.toAbsolutePath().normalize();
        this.mode = mode;
        this.preserveTimes = preserveTimes;
        this.overwrite = overwrite;
        this.tree = new TargetTree(engine, this.target, overwrite, createDirectories, untrusted);
        this.listener = listener;
        this.handle = engine.core.addHandler(this, Policy.from(peer));
        Thread writer = new Thread(this::writeLoop, "mitogen-file-sink-" + this.handle);
        writer.setDaemon(true);
        writer.start();
    }

    /** The handle the source sends to. */
    public int handle() {
        return this.handle;
    }

    /**
     * Waits until the transfer is done, failed, or the source is gone.
     *
     * @throws FileTransferException why it failed
     */
    public Summary await() {
        while (true) {
            try {
                return this.done.get(200, TimeUnit.MILLISECONDS);
            }
            catch (TimeoutException ex) {
                if (!this.engine.isConnected(this.peer)) {
                    synchronized (this) {
                        fail(new TransferInterruptedException(this.engine.name(this.peer), String.valueOf(this.target),
                                "the sending context is gone"), false);
                    }
                }
            }
            catch (ExecutionException ex) {
                throw (ex.getCause() instanceof RuntimeException) ? (RuntimeException) ex.getCause()
                        : new FileTransferException(here(), String.valueOf(this.target), ex.getCause().toString());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                synchronized (this) {
                    fail(new TransferInterruptedException(here(), String.valueOf(this.target), "interrupted"), true);
                }
                throw new TransferInterruptedException(here(), String.valueOf(this.target), "interrupted");
            }
        }
    }

    /** On the stream's reader: queue it for the sink's thread, never block. */
    @Override
    public void onMessage(Message message, Stream in) {
        if (this.done.isDone()) {
            return;
        }
        if (this.queued.addAndGet(message.length()) > MAX_QUEUED) {
            synchronized (this) {
                fail(new FileTransferException(here(), String.valueOf(this.target),
                        "the source sent more than its window allows"), true);
            }
            return;
        }
        this.inbox.add(message);
    }

    /** The sink's thread: each message in order, until the transfer is done or its source gone. */
    private void writeLoop() {
        try {
            while (!this.done.isDone()) {
                Message message = this.inbox.poll(200, TimeUnit.MILLISECONDS);
                if (message != null) {
                    this.queued.addAndGet(-message.length());
                    process(message);
                    if (this.inbox.isEmpty()) {
                        acknowledge();
                    }
                }
                else if (!this.engine.isConnected(this.peer)) {
                    synchronized (this) {
                        fail(new TransferInterruptedException(this.engine.name(this.peer), String.valueOf(this.target),
                                "the sending context is gone"), false);
                    }
                }
            }
        }
        catch (InterruptedException ex) {
            synchronized (this) {
                fail(new TransferInterruptedException(here(), String.valueOf(this.target), "interrupted"), true);
            }
        }
        this.inbox.clear();
    }

    private synchronized void process(Message message) {
        if (this.done.isDone()) {
            return;
        }
        if (message.isDead()) {
            fail(new FileTransferException(this.engine.name(this.peer), String.valueOf(this.target),
                    message.deadReason()), false);
            return;
        }
        try {
            dispatch(message.payload);
        }
        catch (FileTransferException ex) {
            fail(ex, true);
        }
        catch (IOException ex) {
            fail(Protocol.classify(ex, here(), String.valueOf((this.path != null) ? this.path : this.target)), true);
        }
        catch (RuntimeException ex) {
            fail(new FileTransferException(here(), String.valueOf(this.target), "bad message from the source: " + ex), true);
        }
    }

    /** One message of the source's protocol (see {@link Protocol}), by its first byte. */
    private void dispatch(byte[] p) throws IOException {
        if (p.length == 0) {
            throw new FileTransferException(here(), String.valueOf(this.target), "an empty message from the source");
        }
        switch (p[0]) {
            case Protocol.DATA:
                onData(p);
                break;
            case Protocol.OPEN:
                Codec.Reader open = Protocol.body(this.engine.codec, p);
                this.ackHandle = open.readInt();
                this.tree.prepare(open.readInt() != 0);
                break;
            case Protocol.FILE:
                Codec.Reader file = Protocol.body(this.engine.codec, p);
                beginFile(file.readString(), file.readInt(), file.readLong(), file.readLong());
                break;
            case Protocol.END:
                endFile(Protocol.body(this.engine.codec, p).readString());
                break;
            case Protocol.DIR:
                Codec.Reader dir = Protocol.body(this.engine.codec, p);
                this.tree.makeDirectory(dir.readString(), dir.readInt());
                break;
            case Protocol.LINK:
                Codec.Reader link = Protocol.body(this.engine.codec, p);
                this.tree.makeLink(link.readString(), link.readString());
                break;
            case Protocol.DONE:
                finish();
                break;
            case Protocol.FAIL:
                Codec.Reader failure = Protocol.body(this.engine.codec, p);
                int kind = failure.readInt();
                // Answered (ERROR) once the temporary file is gone: the source waits for that.
                fail(Protocol.failure(kind, this.engine.name(this.peer), failure.readString(), failure.readString()),
                        true);
                break;
            default:
                throw new FileTransferException(here(), String.valueOf(this.target),
                        "unknown message kind " + p[0] + " from the source");
        }
    }

    private String here() {
        return this.engine.name(this.engine.myId());
    }

    private void beginFile(String relative, int sourceMode, long sourceMtime, long size) throws IOException {
        if (this.file != null && this.file.isOpen()) {
            throw new FileTransferException(here(), String.valueOf(this.path), "a file began before the last one ended");
        }
        Path entry = this.tree.entry(relative);
        this.path = entry;
        this.tree.checkFile(entry);
        int chosen = (this.mode >= 0) ? this.mode : sourceMode;
        this.file = new IncomingFile(this.engine, relative, entry, size, this.tree.allowedMode(chosen), sourceMtime);
        progress();
    }

    private void onData(byte[] p) throws IOException {
        if (this.file == null || !this.file.isOpen()) {
            throw new FileTransferException(here(), String.valueOf(this.target), "file data outside a file");
        }
        this.file.write(p);
        if (this.chunkLength < 0) {
            this.chunkLength = p.length;
        }
        if (p.length == this.chunkLength) {
            // Full chunks only (a file's last is shorter): read over by the next frame of this size.
            Frames.recycle(p);
        }
        this.received += p.length - 1;
        // One ACK per quarter window while more is queued here (each costs a frame and a wake-up
        // at both ends); the rest once this end has caught up (see writeLoop).
        if (this.received - this.acked >= ACK_EVERY) {
            acknowledge();
        }
    }

    /**
     * Acknowledges what was received, if anything is not yet: called whenever the queue is empty,
     * so that a source never waits on bytes already written, whatever its window.
     */
    private synchronized void acknowledge() {
        if (this.received == this.acked || this.ackHandle < 0 || this.done.isDone()) {
            return;
        }
        this.acked = this.received;
        Codec.Writer ack = this.engine.codec.writer().writeLong(this.received);
        this.engine.send(this.peer, this.ackHandle, Protocol.control(this.engine.codec, Protocol.ACK, ack));
        progress();
    }

    private void endFile(String sourceSha) throws IOException {
        if (this.file == null || !this.file.isOpen()) {
            throw new FileTransferException(here(), String.valueOf(this.target), "a file ended that never began");
        }
        // Each file's last bytes are acknowledged before its FILE_OK: the source's progress reaches 100%.
        acknowledge();
        String sha = this.file.commit(sourceSha, this.overwrite, this.preserveTimes);
        this.files++;
        this.lastFileSha = sha;
        Digests.addToTree(this.treeDigest, this.file.relative, sha);
        this.engine.send(this.peer, this.ackHandle, Protocol.control(this.engine.codec, Protocol.FILE_OK,
                this.engine.codec.writer().writeString(this.file.relative).writeString(sha)));
        if (this.listener != null) {
            this.listener.onFileDone(this.engine.context(this.peer), displayName(), this.file.written());
        }
    }

    private void finish() throws IOException {
        if (this.file != null && this.file.isOpen()) {
            throw new FileTransferException(here(), this.path.toString(), "the transfer ended inside a file");
        }
        this.tree.setDirectoryModes();
        String sha = (this.tree.isTree() || this.lastFileSha == null) ? Digests.hex(this.treeDigest.digest()) : this.lastFileSha;
        Summary summary = new Summary(this.received, this.files, sha);
        this.engine.send(this.peer, this.ackHandle, Protocol.control(this.engine.codec, Protocol.DONE_OK,
                this.engine.codec.writer().writeLong(summary.bytes).writeInt(summary.files).writeString(summary.sha256)));
        this.engine.core.removeHandler(this.handle);
        this.done.complete(summary);
    }

    private void progress() {
        if (this.listener != null) {
            long written = (this.file != null) ? this.file.written() : 0;
            long expected = (this.file != null) ? this.file.expected : 0;
            this.listener.onProgress(this.engine.context(this.peer), displayName(), written, expected);
        }
    }

    private String displayName() {
        if (!this.tree.isTree()) {
            return this.target.toString();
        }
        return (this.file != null) ? this.file.relative : null;
    }

    /** Ends the transfer: the temporary file goes, the target is untouched; tells the source if asked. */
    private void fail(FileTransferException failure, boolean tellSource) {
        if (this.done.isDone()) {
            return;
        }
        if (this.file != null) {
            this.file.abandon();
        }
        this.engine.core.removeHandler(this.handle);
        if (tellSource && this.ackHandle >= 0) {
            Codec.Writer body = this.engine.codec.writer().writeInt(Protocol.kindOf(failure))
                    .writeString(failure.path()).writeString(reasonOf(failure));
            this.engine.send(this.peer, this.ackHandle, Protocol.control(this.engine.codec, Protocol.ERROR, body));
        }
        this.done.completeExceptionally(failure);
    }

    /** The reason alone: the far end prefixes the host and path itself. */
    static String reasonOf(FileTransferException failure) {
        String prefix = failure.host() + ": " + failure.path() + ": ";
        String message = failure.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    static String permissions(int mode) {
        StringBuilder text = new StringBuilder(9);
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            text.append(((mode >> (8 - i)) & 1) != 0 ? letters.charAt(i) : '-');
        }
        return text.toString();
    }
}
