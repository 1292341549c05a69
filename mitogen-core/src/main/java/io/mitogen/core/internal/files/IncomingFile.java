package io.mitogen.core.internal.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import io.mitogen.core.FileTransferException;
import io.mitogen.core.TargetExistsException;

/**
 * One file of a {@link Sink}'s transfer while it is written: a temporary file beside its target
 * (owner-only until done), its hash and byte count, renamed into place by {@link #commit} only once
 * the size and SHA-256 match what the source sent, or deleted by {@link #abandon}.
 */
final class IncomingFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final FileEngine engine;

    /** The entry's name in the tree, as the source sent it (empty for a single file). */
    final String relative;

    final Path path;

    /** The size the source announced. */
    final long expected;

    private final int mode;

    private final long mtime;

    private Path temp;

    private FileChannel channel;

    private FileHash hash;

    private long written;

    /** Opens the temporary file for {@code path}: {@code mode} and {@code mtime} are set on commit. */
    IncomingFile(FileEngine engine, String relative, Path path, long size, int mode, long mtime) throws IOException {
        this.engine = engine;
        this.relative = relative;
        this.path = path;
        this.expected = size;
        this.mode = mode;
        this.mtime = mtime;
        this.temp = TempNames.temporaryFor(path);
        try {
            this.channel = FileChannel.open(this.temp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            this.hash = FileHash.forSize(size);
        }
        catch (IOException | RuntimeException ex) {
            // Not yet the sink's file, so its failure handling cannot reach it: clean up here.
            abandon();
            throw ex;
        }
    }

    /** Where error messages say they happened: this context (named only when one is made). */
    private String here() {
        return this.engine.name(this.engine.myId());
    }

    /** Whether the file still takes data: not yet committed nor abandoned. */
    boolean isOpen() {
        return this.channel != null;
    }

    long written() {
        return this.written;
    }

    /** Writes a DATA payload (its first byte is the kind) and hashes it. */
    void write(byte[] p) throws IOException {
        int length = p.length - 1;
        if (this.written + length > this.expected) {
            throw new FileTransferException(here(), this.path.toString(), "the source sent more than the "
                    + this.expected + " bytes it announced");
        }
        ByteBuffer buffer = ByteBuffer.wrap(p, 1, length);
        while (buffer.hasRemaining()) {
            this.channel.write(buffer);
        }
        this.hash.update(p, 1, length);
        this.written += length;
    }

    /**
     * Checks the size and hash, sets the mode (and the time if asked) and renames the file into
     * place; returns its SHA-256. On an exception the caller {@link #abandon}s the file.
     */
    String commit(String sourceSha, boolean overwrite, boolean preserveTimes) throws IOException {
        String sha = this.hash.finish();
        this.hash = null;
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
        Files.setPosixFilePermissions(this.temp, PosixFilePermissions.fromString(Sink.permissions(this.mode)));
        if (preserveTimes) {
            Files.setLastModifiedTime(this.temp, FileTime.fromMillis(this.mtime));
        }
        if (overwrite) {
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
        return sha;
    }

    /** The temporary file goes (if still there); the target is untouched. */
    void abandon() {
        if (this.hash != null) {
            this.hash.abandon();
            this.hash = null;
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
}
