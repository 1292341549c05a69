package io.mitogen.core.internal.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.mitogen.core.FileTransferException;
import io.mitogen.core.NotARegularFileException;
import io.mitogen.core.SourceChangedException;
import io.mitogen.core.TransferInterruptedException;
import io.mitogen.core.TransferListener;
import io.mitogen.core.internal.router.MessageRouter.Policy;
import io.mitogen.core.internal.router.MessageRouter;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.Message;

/**
 * The sending end of one transfer: a file, or a tree walked without following symbolic links
 * (they are sent as links), in chunks, never more than {@link Protocol#WINDOW} bytes ahead of
 * the sink's acknowledgements. Runs on the thread that calls {@link #run}.
 *
 * <p>Over 400 lines on purpose: the window's counts, the current file's progress marks and the
 * sink's answers are one lock's state, shared by the sending thread and the stream's reader
 * ({@link #onMessage}); split over two classes, that lock's invariants would be too.
 */
public final class Source implements MessageRouter.Handler {

    private final FileEngine engine;

    private final int peer;

    private final int sinkHandle;

    private final Path source;

    private final TransferListener listener;

    private final int ackHandle;

    /**
     * Guards the window's counts and the sink's answers. A lock, not a monitor: the sending
     * thread may be a caller's virtual thread, which a monitor's wait pins on Java 21 to 23.
     */
    private final ReentrantLock lock = new ReentrantLock();

    private final Condition changed = this.lock.newCondition();

    private long sent;

    private long acked;

    private Summary confirmed;

    private FileTransferException remoteFailure;

    /** Whether OPEN went out: only then can the sink answer a FAIL (it knows the ack handle). */
    private boolean opened;

    // For progress: the file being sent.
    private volatile String currentName;

    private volatile long currentStart;

    private volatile long currentSize;

    /** Whether chunk arrays are reused (see {@link #chunkArray}). */
    private final boolean reuse;

    private final ChunkArrays chunks = new ChunkArrays();

    /** Sizes of files sent and not yet confirmed in place (FILE_OK), by their name in progress reports. */
    private final java.util.Map<String, Long> unconfirmed = new java.util.HashMap<>();

    public Source(FileEngine engine, int peer, int sinkHandle, Path source, TransferListener listener) {
        this.engine = engine;
        this.peer = peer;
        this.sinkHandle = sinkHandle;
        this.source = source.toAbsolutePath().normalize();
        this.listener = listener;
        this.ackHandle = engine.core.addHandler(this, Policy.from(peer));
        this.reuse = peer != engine.myId();
    }

    /**
     * Sends everything and waits for the sink's word that it is in place.
     *
     * @return the sink's summary, checked against this end's
     * @throws FileTransferException why it failed (at either end); the sink is told of failures here
     */
    public Summary run() {
        try {
            if (!Files.exists(this.source, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileTransferException(here(), this.source.toString(), "no such file or directory");
            }
            boolean tree = Files.isDirectory(this.source, LinkOption.NOFOLLOW_LINKS);
            send(Protocol.OPEN, writer().writeInt(this.ackHandle).writeInt(tree ? 1 : 0));
            this.opened = true;
            MessageDigest treeDigest = Digests.sha256();
            String sha;
            int files;
            if (tree) {
                files = sendTree(treeDigest);
                sha = Digests.hex(treeDigest.digest());
            }
            else {
                sha = sendFile("", this.source, this.source.toString());
                files = 1;
            }
            send(Protocol.DONE, null);
            Summary summary = awaitConfirmation();
            if (!summary.sha256.equals(sha) || summary.files != files) {
                throw new FileTransferException(this.engine.name(this.peer), this.source.toString(),
                        "the receiving end reports SHA-256 " + summary.sha256 + " over " + summary.files
                                + " files; this end sent " + sha + " over " + files);
            }
            return summary;
        }
        catch (FileTransferException ex) {
            tellSink(ex);
            throw ex;
        }
        catch (IOException ex) {
            FileTransferException failure = Protocol.classify(ex, here(), this.source.toString());
            tellSink(failure);
            throw failure;
        }
        finally {
            this.engine.core.removeHandler(this.ackHandle);
        }
    }

    private int sendTree(MessageDigest treeDigest) throws IOException {
        List<Path> entries = new ArrayList<>();
        Files.walkFileTree(this.source, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(Source.this.source)) {
                    entries.add(dir);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                entries.add(file);
                return FileVisitResult.CONTINUE;
            }
        });
        int files = 0;
        for (Path entry : entries) {
            String relative = this.source.relativize(entry).toString().replace('\\', '/');
            if (Files.isSymbolicLink(entry)) {
                send(Protocol.LINK, writer().writeString(relative).writeString(Files.readSymbolicLink(entry).toString()));
            }
            else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                send(Protocol.DIR, writer().writeString(relative).writeInt(modeOf(entry)));
            }
            else {
                String sha = sendFile(relative, entry, relative);
                Digests.addToTree(treeDigest, relative, sha);
                files++;
            }
        }
        return files;
    }

    /** Sends one regular file; returns its SHA-256. */
    private String sendFile(String relative, Path file, String display) throws IOException {
        PosixFileAttributes before = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!before.isRegularFile()) {
            throw new NotARegularFileException(here(), file.toString(),
                    before.isDirectory() ? "is a directory" : "is not a regular file (a device, FIFO, socket or link)");
        }
        long size = before.size();
        send(Protocol.FILE, writer().writeString(relative).writeInt(mode(before.permissions()))
                .writeLong(before.lastModifiedTime().toMillis()).writeLong(size));
        this.currentName = display;
        this.currentSize = size;
        this.lock.lock();
        try {
            this.currentStart = this.sent;
            this.unconfirmed.put(relative, size);
        }
        finally {
            this.lock.unlock();
        }
        FileHash digest = FileHash.forSize(size);
        String sha = null;
        long total = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (total < size) {
                int want = (int) Math.min(Protocol.CHUNK, size - total);
                byte[] chunk = chunkArray(want + 1);
                chunk[0] = Protocol.DATA;
                ByteBuffer buffer = ByteBuffer.wrap(chunk, 1, want);
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer) < 0) {
                        throw new SourceChangedException(here(), file.toString(), "shrank to " + (total + buffer.position() - 1)
                                + " bytes while being sent (it had " + size + ")");
                    }
                }
                digest.update(chunk, 1, want);
                awaitWindow(want);
                if (this.reuse) {
                    this.chunks.sent(sentSoFar(), chunk);
                }
                this.engine.send(this.peer, this.sinkHandle, chunk);
                total += want;
            }
            if (channel.read(ByteBuffer.allocate(1)) > 0) {
                throw new SourceChangedException(here(), file.toString(), "grew while being sent (it had " + size + " bytes)");
            }
            PosixFileAttributes after = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (after.size() != size || !after.lastModifiedTime().equals(before.lastModifiedTime())) {
                throw new SourceChangedException(here(), file.toString(), "was modified while being sent");
            }
            sha = digest.finish();
        }
        finally {
            if (sha == null) {
                digest.abandon(); // a sha256sum must not outlive a failed file
            }
        }
        send(Protocol.END, writer().writeString(sha));
        return sha;
    }

    /**
     * An array for the next chunk (see {@link ChunkArrays}). Not reused when the sink is in this
     * JVM: it gets the array itself, and hands it to the frame reader's spares.
     */
    private byte[] chunkArray(int length) {
        if (!this.reuse) {
            return new byte[length];
        }
        long acknowledged;
        this.lock.lock();
        try {
            acknowledged = this.acked;
        }
        finally {
            this.lock.unlock();
        }
        return this.chunks.take(length, acknowledged);
    }

    private long sentSoFar() {
        this.lock.lock();
        try {
            return this.sent;
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Blocks while a window is unacknowledged; fails when the sink failed or is gone. */
    private void awaitWindow(int next) {
        this.lock.lock();
        try {
            while (this.remoteFailure == null && this.sent - this.acked + next > Protocol.WINDOW) {
                if (!this.engine.isConnected(this.peer)) {
                    throw new TransferInterruptedException(this.engine.name(this.peer), this.source.toString(),
                            "the receiving context is gone (its link was lost)");
                }
                waitOnLock();
            }
            if (this.remoteFailure != null) {
                throw this.remoteFailure;
            }
            this.sent += next;
        }
        finally {
            this.lock.unlock();
        }
    }

    private Summary awaitConfirmation() {
        this.lock.lock();
        try {
            while (this.remoteFailure == null && this.confirmed == null) {
                if (!this.engine.isConnected(this.peer)) {
                    throw new TransferInterruptedException(this.engine.name(this.peer), this.source.toString(),
                            "the receiving context is gone (its link was lost)");
                }
                waitOnLock();
            }
            if (this.remoteFailure != null) {
                throw this.remoteFailure;
            }
            return this.confirmed;
        }
        finally {
            this.lock.unlock();
        }
    }

    private void waitOnLock() {
        try {
            this.changed.await(100, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new TransferInterruptedException(here(), this.source.toString(), "interrupted");
        }
    }

    @Override
    public void onMessage(Message message, Stream in) {
        byte[] p = message.payload;
        long progress = -1;
        String fileDone = null;
        long fileBytes = 0;
        this.lock.lock();
        try {
            if (message.isDead()) {
                this.remoteFailure = new TransferInterruptedException(this.engine.name(this.peer), this.source.toString(),
                        message.deadReason());
            }
            else if (p.length > 0 && p[0] == Protocol.ACK) {
                // Never past what was sent: a sink cannot open the window wider than it is.
                this.acked = Math.min(Protocol.body(this.engine.codec, p).readLong(), this.sent);
                progress = this.acked - this.currentStart;
            }
            else if (p.length > 0 && p[0] == Protocol.FILE_OK) {
                String relative = Protocol.body(this.engine.codec, p).readString();
                Long size = this.unconfirmed.remove(relative);
                if (size != null) {
                    fileDone = relative.isEmpty() ? this.source.toString() : relative;
                    fileBytes = size;
                }
            }
            else if (p.length > 0 && p[0] == Protocol.DONE_OK) {
                Codec.Reader body = Protocol.body(this.engine.codec, p);
                this.confirmed = new Summary(body.readLong(), body.readInt(), body.readString());
            }
            else if (p.length > 0 && p[0] == Protocol.ERROR) {
                Codec.Reader body = Protocol.body(this.engine.codec, p);
                int kind = body.readInt();
                this.remoteFailure = Protocol.failure(kind, this.engine.name(this.peer), body.readString(), body.readString());
            }
            this.changed.signalAll();
        }
        finally {
            this.lock.unlock();
        }
        if (progress >= 0 && this.listener != null) {
            this.listener.onProgress(this.engine.context(this.peer), this.currentName, progress, this.currentSize);
        }
        if (fileDone != null && this.listener != null) {
            this.listener.onFileDone(this.engine.context(this.peer), fileDone, fileBytes);
        }
    }

    private void tellSink(FileTransferException failure) {
        this.lock.lock();
        try {
            if (this.remoteFailure == failure) {
                return;
            }
        }
        finally {
            this.lock.unlock();
        }
        Codec.Writer body = writer().writeInt(Protocol.kindOf(failure)).writeString(failure.path())
                .writeString(Sink.reasonOf(failure));
        send(Protocol.FAIL, body);
        if (!this.opened) {
            return; // nothing was written there yet
        }
        // The sink answers once its temporary file is gone: only then does the failure reach the
        // caller, so that it never finds a temporary left behind.
        long deadline = System.nanoTime() + 5_000_000_000L;
        this.lock.lock();
        try {
            while (this.remoteFailure == null && this.engine.isConnected(this.peer) && System.nanoTime() < deadline) {
                this.changed.await(100, TimeUnit.MILLISECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            this.lock.unlock();
        }
    }

    private void send(byte kind, Codec.Writer body) {
        this.engine.send(this.peer, this.sinkHandle, Protocol.control(this.engine.codec, kind, body));
    }

    private Codec.Writer writer() {
        return this.engine.codec.writer();
    }

    private String here() {
        return this.engine.name(this.engine.myId());
    }

    private static int modeOf(Path path) throws IOException {
        return mode(Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions());
    }

    static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }
}
