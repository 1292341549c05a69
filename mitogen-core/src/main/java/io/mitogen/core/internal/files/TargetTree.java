package io.mitogen.core.internal.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.mitogen.core.FileTransferException;
import io.mitogen.core.NotARegularFileException;
import io.mitogen.core.TargetDirectoryMissingException;
import io.mitogen.core.TargetExistsException;

/**
 * Where a {@link Sink} writes: the target, and for a tree the paths of its entries, checked to
 * stay below the target and off symbolic links; the directories and links of a tree, and the
 * directories' modes, set last (a read-only directory must still take its files).
 */
final class TargetTree {

    final Path target;

    private final FileEngine engine;

    private final boolean overwrite;

    private final boolean createDirectories;

    private final boolean untrusted;

    /** Whether a directory tree is sent (else one file); known once the source's OPEN arrives. */
    private boolean tree;

    /** Directories of a tree and their modes, set last. */
    private final List<Object[]> directoryModes = new ArrayList<>();

    /** Directories already cleared of dead writers' temporaries during this transfer. */
    private final Set<Path> swept = new HashSet<>();

    TargetTree(FileEngine engine, Path target, boolean overwrite, boolean createDirectories, boolean untrusted) {
        this.target = target;
        this.engine = engine;
        this.overwrite = overwrite;
        this.createDirectories = createDirectories;
        this.untrusted = untrusted;
    }

    /** Where error messages say they happened: this context. */
    private String here() {
        return this.engine.name(this.engine.myId());
    }

    boolean isTree() {
        return this.tree;
    }

    /** The permission bits to set: an untrusted source makes no set-uid, set-gid or sticky file. */
    int allowedMode(int mode) {
        return this.untrusted ? (mode & 0777) : (mode & 07777);
    }

    /** On the source's OPEN: the target's parent exists (or is made), the target is the right kind. */
    void prepare(boolean isTree) throws IOException {
        this.tree = isTree;
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
    Path entry(String relative) throws IOException {
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

    /** Before a file is written at {@code file}: no directory in the way, no file it may not replace. */
    void checkFile(Path file) throws IOException {
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
    }

    void makeDirectory(String relative, int sourceMode) throws IOException {
        Path directory = entry(relative);
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotARegularFileException(here(), directory.toString(), "exists and is not a directory");
        }
        Files.createDirectories(directory);
        this.directoryModes.add(new Object[] { directory, allowedMode(sourceMode) });
    }

    void makeLink(String relative, String linkTarget) throws IOException {
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

    /** At the end of a tree: the directories' modes, innermost first. */
    void setDirectoryModes() throws IOException {
        for (int i = this.directoryModes.size() - 1; i >= 0; i--) {
            Object[] directory = this.directoryModes.get(i);
            Files.setPosixFilePermissions((Path) directory[0], PosixFilePermissions.fromString(Sink.permissions((int) directory[1])));
        }
    }
}
