package io.mitogen.core.internal.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.mitogen.core.FileTransferException;
import io.mitogen.core.NotARegularFileException;
import io.mitogen.core.TargetDirectoryMissingException;
import io.mitogen.core.TargetExistsException;
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
 */
public final class Sink implements MessageRouter.Handler {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final FileEngine engine;

    private final int peer;

    private final Path target;

    private final int mode;

    private final boolean preserveTimes;

    private final boolean overwrite;

    private final boolean createDirectories;

    private final boolean untrusted;

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

    /** Directories of a tree and their modes, set last (a read-only one must still take its files). */
    private final List<Object[]> directoryModes = new ArrayList<>();

    /** Directories already cleared of dead writers' temporaries during this transfer. */
    private final Set<Path> swept = new java.util.HashSet<>();

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

    private boolean tree;

    private long received;

    private int files;

    private String lastFileSha;

    // The file being written.
    private String relative;

    private Path path;

    private Path temp;

    private FileChannel channel;

    private FileHash fileHash;

    private long expected;

    private long written;

    private int fileMode;

    private long mtime;

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
        this.createDirectories = createDirectories;
        this.untrusted = untrusted;
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
        byte[] p = message.payload;
        try {
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
                    this.tree = open.readInt() != 0;
                    prepareRoot();
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
                    makeDirectory(dir.readString(), dir.readInt());
                    break;
                case Protocol.LINK:
                    Codec.Reader link = Protocol.body(this.engine.codec, p);
                    makeLink(link.readString(), link.readString());
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

    private String here() {
        return this.engine.name(this.engine.myId());
    }

    private void prepareRoot() throws IOException {
        Path parent = this.target.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            if (!this.createDirectories) {
                throw new TargetDirectoryMissingException(here(), parent.toString(),
                        "the directory does not exist (createDirectories(false) forbids creating it)");
            }
            Files.createDirectories(parent);
        }
        boolean isDirectory = Files.isDirectory(this.target);
        if (this.tree) {
            if (Files.exists(this.target, LinkOption.NOFOLLOW_LINKS) && !isDirectory) {
                throw new NotARegularFileException(here(), this.target.toString(),
                        "is a file; a directory tree is being sent there");
            }
            Files.createDirectories(this.target);
        }
        else if (isDirectory) {
            throw new NotARegularFileException(here(), this.target.toString(),
                    "is a directory; a file is being sent there (name the file, not its directory)");
        }
    }

    /** The path for an entry of a tree, checked to stay below the root and off symbolic links. */
    private Path entry(String relative) throws IOException {
        if (!this.tree) {
            if (!relative.isEmpty()) {
                throw new FileTransferException(here(), this.target.toString(), "the source sent a tree entry '"
                        + relative + "' for a single file");
            }
            return this.target;
        }
        if (relative.isEmpty() || relative.indexOf('\0') >= 0 || relative.startsWith("/")) {
            throw new NotARegularFileException(here(), this.target.toString(), "refused entry name '" + relative + "'");
        }
        Path resolved = this.target;
        for (String part : relative.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new NotARegularFileException(here(), this.target.toString(),
                        "refused entry name '" + relative + "' (it would leave the tree)");
            }
            if (resolved != this.target && Files.isSymbolicLink(resolved)) {
                throw new NotARegularFileException(here(), resolved.toString(),
                        "is a symbolic link; entries are never written through one");
            }
            resolved = resolved.resolve(part);
        }
        return resolved;
    }

    private void beginFile(String relative, int sourceMode, long sourceMtime, long size) throws IOException {
        if (this.channel != null) {
            throw new FileTransferException(here(), String.valueOf(this.path), "a file began before the last one ended");
        }
        Path file = entry(relative);
        this.relative = relative;
        this.path = file;
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotARegularFileException(here(), file.toString(), "is a directory; a file was expected there");
        }
        if (!this.overwrite && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetExistsException(here(), file.toString(), "exists, and overwrite(false) forbids replacing it");
        }
        Path directory = file.getParent();
        if (this.tree && !Files.isDirectory(directory)) {
            Files.createDirectories(directory);
        }
        if (this.swept.add(directory)) {
            // What a writer killed mid-file left here (see TempNames): once per directory and transfer.
            TempNames.removeStale(directory);
        }
        this.temp = TempNames.temporaryFor(file);
        this.channel = FileChannel.open(this.temp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        this.fileHash = FileHash.forSize(size);
        this.expected = size;
        this.written = 0;
        int chosen = (this.mode >= 0) ? this.mode : sourceMode;
        this.fileMode = this.untrusted ? (chosen & 0777) : (chosen & 07777);
        this.mtime = sourceMtime;
        progress();
    }

    private void onData(byte[] p) throws IOException {
        if (this.channel == null) {
            throw new FileTransferException(here(), String.valueOf(this.target), "file data outside a file");
        }
        int length = p.length - 1;
        if (this.written + length > this.expected) {
            throw new FileTransferException(here(), this.path.toString(), "the source sent more than the "
                    + this.expected + " bytes it announced");
        }
        ByteBuffer buffer = ByteBuffer.wrap(p, 1, length);
        while (buffer.hasRemaining()) {
            this.channel.write(buffer);
        }
        this.fileHash.update(p, 1, length);
        if (this.chunkLength < 0) {
            this.chunkLength = p.length;
        }
        if (p.length == this.chunkLength) {
            // Full chunks only (a file's last is shorter): read over by the next frame of this size.
            Frames.recycle(p);
        }
        this.written += length;
        this.received += length;
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
        if (this.channel == null) {
            throw new FileTransferException(here(), String.valueOf(this.target), "a file ended that never began");
        }
        // Each file's last bytes are acknowledged before its FILE_OK: the source's progress reaches 100%.
        acknowledge();
        String sha = this.fileHash.finish();
        this.fileHash = null;
        if (this.written != this.expected) {
            throw new FileTransferException(here(), this.path.toString(), "received " + this.written
                    + " bytes of the " + this.expected + " announced");
        }
        if (!sha.equals(sourceSha)) {
            throw new FileTransferException(here(), this.path.toString(), "SHA-256 of what was written (" + sha
                    + ") differs from what was sent (" + sourceSha + ")");
        }
        this.channel.close();
        this.channel = null;
        Files.setPosixFilePermissions(this.temp, PosixFilePermissions.fromString(permissions(this.fileMode)));
        if (this.preserveTimes) {
            Files.setLastModifiedTime(this.temp, FileTime.fromMillis(this.mtime));
        }
        if (this.overwrite) {
            Files.move(this.temp, this.path, StandardCopyOption.ATOMIC_MOVE);
        }
        else {
            try {
                // A link fails if the name exists: no window in which another file is replaced.
                Files.createLink(this.path, this.temp);
                Files.delete(this.temp);
            }
            catch (FileAlreadyExistsException ex) {
                throw new TargetExistsException(here(), this.path.toString(),
                        "exists, and overwrite(false) forbids replacing it");
            }
        }
        this.temp = null;
        this.files++;
        this.lastFileSha = sha;
        Digests.addToTree(this.treeDigest, this.relative, sha);
        this.engine.send(this.peer, this.ackHandle, Protocol.control(this.engine.codec, Protocol.FILE_OK,
                this.engine.codec.writer().writeString(this.relative).writeString(sha)));
        if (this.listener != null) {
            this.listener.onFileDone(this.engine.context(this.peer), displayName(), this.written);
        }
    }

    private void makeDirectory(String relative, int sourceMode) throws IOException {
        Path directory = entry(relative);
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotARegularFileException(here(), directory.toString(), "exists and is not a directory");
        }
        Files.createDirectories(directory);
        this.directoryModes.add(new Object[] { directory, this.untrusted ? (sourceMode & 0777) : (sourceMode & 07777) });
    }

    private void makeLink(String relative, String linkTarget) throws IOException {
        Path link = entry(relative);
        if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotARegularFileException(here(), link.toString(), "is a directory; a symbolic link was expected");
        }
        if (!this.overwrite && Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetExistsException(here(), link.toString(), "exists, and overwrite(false) forbids replacing it");
        }
        Files.deleteIfExists(link);
        // Copied as a link, never followed: what it names is the source's business.
        Files.createSymbolicLink(link, Paths.get(linkTarget));
    }

    private void finish() throws IOException {
        if (this.channel != null) {
            throw new FileTransferException(here(), this.path.toString(), "the transfer ended inside a file");
        }
        for (int i = this.directoryModes.size() - 1; i >= 0; i--) {
            Object[] directory = this.directoryModes.get(i);
            Files.setPosixFilePermissions((Path) directory[0], PosixFilePermissions.fromString(permissions((int) directory[1])));
        }
        String sha = (this.tree || this.lastFileSha == null) ? Digests.hex(this.treeDigest.digest()) : this.lastFileSha;
        Summary summary = new Summary(this.received, this.files, sha);
        this.engine.send(this.peer, this.ackHandle, Protocol.control(this.engine.codec, Protocol.DONE_OK,
                this.engine.codec.writer().writeLong(summary.bytes).writeInt(summary.files).writeString(summary.sha256)));
        this.engine.core.removeHandler(this.handle);
        this.done.complete(summary);
    }

    private void progress() {
        if (this.listener != null) {
            this.listener.onProgress(this.engine.context(this.peer), displayName(), this.written, this.expected);
        }
    }

    private String displayName() {
        return this.tree ? this.relative : this.target.toString();
    }

    /** Ends the transfer: the temporary file goes, the target is untouched; tells the source if asked. */
    private void fail(FileTransferException failure, boolean tellSource) {
        if (this.done.isDone()) {
            return;
        }
        cleanUp();
        this.engine.core.removeHandler(this.handle);
        if (tellSource && this.ackHandle >= 0) {
            Codec.Writer body = this.engine.codec.writer().writeInt(Protocol.kindOf(failure))
                    .writeString(failure.path()).writeString(reasonOf(failure));
            this.engine.send(this.peer, this.ackHandle, Protocol.control(this.engine.codec, Protocol.ERROR, body));
        }
        this.done.completeExceptionally(failure);
    }

    private void cleanUp() {
        if (this.fileHash != null) {
            this.fileHash.abandon();
            this.fileHash = null;
        }
        if (this.channel != null) {
            try {
                this.channel.close();
            }
            catch (IOException ex) {
                // Deleted next; nothing more to do with it.
            }
            this.channel = null;
        }
        if (this.temp != null) {
            try {
                Files.deleteIfExists(this.temp);
            }
            catch (IOException ex) {
                // Reported with the failure that brought us here; the name says what it is.
            }
            this.temp = null;
        }
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
