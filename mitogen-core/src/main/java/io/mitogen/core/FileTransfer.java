package io.mitogen.core;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.mitogen.core.internal.files.FileEngine;
import io.mitogen.core.internal.files.ServedRoots;
import io.mitogen.core.internal.files.Sink;
import io.mitogen.core.internal.files.Source;
import io.mitogen.core.internal.files.Summary;
import io.mitogen.core.internal.router.MessageRouter.Policy;
import io.mitogen.core.internal.constants.Handles;

/**
 * Moves files and directory trees between contexts: {@code router.files()}.
 *
 * <pre>{@code
 * FileTransfer files = router.files();
 * TransferResult r = files.push(Path.of("dist/app.tar.gz"), web, "/srv/app/app.tar.gz");   // one file
 * files.push(Path.of("dist/site"), web, "/srv/site");                                       // a tree
 * files.pull(web, "/var/log/app.log", Path.of("logs/web1.log"));                            // and back
 * Map<Context, TransferResult> all = files.push(Path.of("dist/app.tar.gz"), fleet, "/srv/app/app.tar.gz");
 * files.serve(Path.of("/srv/artifacts"));            // children may fetch below it:
 * FileTransfer.fetch("/srv/artifacts/lib.jar", Path.of("/opt/lib.jar"));                   // in child code
 * }</pre>
 *
 * <p>At the target each file is written to a temporary name beside it and renamed into place
 * only once complete and verified (its size and the SHA-256 of what was written equal what was
 * sent): a reader never sees half a file, and a failure leaves the old file, or nothing, there.
 * A writer killed mid-file cannot remove its temporary; its name carries the writer's pid, and
 * the next transfer into that directory removes the temporaries of dead writers.
 * Symbolic links inside a tree are copied as links, never followed. Files move in 128 KiB chunks
 * with at most 1 MiB unacknowledged, on handles of their own, their arrays reused at both ends:
 * memory stays constant at both ends and between them, and calls on the same link keep flowing.
 * A child with C1 only (the default) hashes SHA-256 in Java at about 130 MiB per CPU-second, so
 * files of 4 MiB or more are also hashed by the machine's own {@code sha256sum} where it has one;
 * {@code jvmArgs("-XX:TieredStopAtLevel=4", "-XX:CICompilerCount=2")} speeds up the rest of a
 * transfer-heavy child's work (see the guide).
 *
 * <p>Trust: data a child sends (a pull, a fetch) is written only below the target, never through
 * a symbolic link, without set-uid bits; a child reads the master's files only below roots the
 * master serves.
 */
public final class FileTransfer {

    private final Router router;

    private final FileEngine engine;

    private volatile ServedRoots served;

    FileTransfer(Router router) {
        this.router = router;
        this.engine = new FileEngine(router.core, router.codec, this::contextOf, this::isAlive);
    }

    /** {@code router.files()}: one per router, made on first use (here, not in Router: see CoreBundle). */
    static FileTransfer of(Router router) {
        FileTransfer transfer = router.files;
        if (transfer == null) {
            synchronized (router) {
                transfer = router.files;
                if (transfer == null) {
                    transfer = new FileTransfer(router);
                    router.files = transfer;
                }
            }
        }
        return transfer;
    }

    /**
     * The file transfer of the context this code runs in, for code running in a child (which
     * has no {@code Router} object of its own to ask).
     *
     * @throws IllegalStateException outside a child context
     */
    public static FileTransfer inThisContext() {
        Router child = Router.inChild;
        if (child == null) {
            throw new IllegalStateException("not running in a mitogen child context: use router.files() in the master");
        }
        return child.files();
    }

    /**
     * For code running in a child: fetches {@code path} (a file or a tree) from the master, which
     * must serve a root above it ({@link #serve}), to {@code target} here.
     *
     * @throws FileRefusedException the master refused the path
     * @throws FileTransferException for the other failures, see {@link #push(Path, Context, String)}
     */
    public static TransferResult fetch(String path, Path target) {
        return inThisContext().fetchFromMaster(path, target, TransferOptions.defaults());
    }

    /** {@link #fetch(String, Path)} with options. */
    public static TransferResult fetch(String path, Path target, TransferOptions options) {
        return inThisContext().fetchFromMaster(path, target, options);
    }

    /** Sends the file or tree {@code source} to {@code targetPath} in {@code target}; see {@link #push(Path, Context, String, TransferOptions)}. */
    public TransferResult push(Path source, Context target, String targetPath) {
        return push(source, target, targetPath, TransferOptions.defaults());
    }

    /**
     * Sends the file or directory tree {@code source} to {@code targetPath} in {@code target}:
     * for a file, the file's new path (not its directory); for a tree, the directory that gets
     * the tree's contents. Blocks until it is in place.
     *
     * @throws TargetDirectoryMissingException the target's directory is missing and may not be created
     * @throws FileAccessDeniedException permission denied at either end
     * @throws DiskFullException no space at the target
     * @throws NotARegularFileException a directory where a file is expected, or the other way round, or a device file
     * @throws SourceChangedException the source changed while it was sent
     * @throws TransferInterruptedException the link to {@code target} was lost
     * @throws TargetExistsException the target exists and {@code overwrite(false)} was set
     */
    public TransferResult push(Path source, Context target, String targetPath, TransferOptions options) {
        checkTarget(target, "target");
        require(source, "source");
        require(targetPath, "targetPath");
        require(options, "options");
        long start = System.nanoTime();
        int sinkHandle = target.call(FileTransfer::openSink, this.router.core.myId(), targetPath, flags(options),
                options.mode());
        Summary summary = new Source(this.engine, target.id(), sinkHandle, source, options.listener()).run();
        return result(target, targetPath, summary, start);
    }

    /** Sends {@code source} to each of {@code targets}; see {@link #push(Path, Collection, String, TransferOptions)}. */
    public Map<Context, TransferResult> push(Path source, Collection<Context> targets, String targetPath) {
        return push(source, targets, targetPath, TransferOptions.defaults());
    }

    /**
     * Sends {@code source} to {@code targetPath} in every context of {@code targets}, all at
     * once, and returns each one's result. The bytes cross each link once: a child of this
     * context with several targets in its subtree receives the file once, into a private
     * temporary directory, and pushes it on to them (then deletes it), reporting each one's
     * progress back to the listener here.
     *
     * <p>Returns once all have finished, with a result for every target in {@code targets}'
     * order, whether it succeeded or not: one target's failure (gone, disk full, permission
     * denied) does not stop the others. Check {@link TransferResult#succeeded()} or call
     * {@link TransferResult#orThrow()}; a failed target's {@link TransferResult#failure()} says
     * why and it keeps its old file.
     *
     * @throws IllegalArgumentException a null argument
     * @throws InvalidOptionsException a context of another router
     */
    public Map<Context, TransferResult> push(Path source, Collection<Context> targets, String targetPath,
            TransferOptions options) {
        require(targets, "targets");
        require(source, "source");
        require(targetPath, "targetPath");
        require(options, "options");
        List<Context> fleet = new ArrayList<>(new java.util.LinkedHashSet<>(targets));
        for (Context context : fleet) {
            require(context, "targets");
            if (context.router() != this.router) {
                throw new InvalidOptionsException(context + " belongs to another router");
            }
        }
        return FanOutPush.run(this, source, fleet, targetPath, options);
    }

    /** Fetches {@code sourcePath} (a file or a tree) from {@code source} to {@code target} here. */
    public TransferResult pull(Context source, String sourcePath, Path target) {
        return pull(source, sourcePath, target, TransferOptions.defaults());
    }

    /**
     * Fetches {@code sourcePath} (a file or a tree) from {@code source} to {@code target} here,
     * treating what the child sends as untrusted (see the class comment). Fails as
     * {@link #push(Path, Context, String, TransferOptions)} does.
     */
    public TransferResult pull(Context source, String sourcePath, Path target, TransferOptions options) {
        checkTarget(source, "source");
        require(sourcePath, "sourcePath");
        require(target, "target");
        require(options, "options");
        long start = System.nanoTime();
        Sink sink = newSink(source.id(), target, options, true);
        try {
            source.call(FileTransfer::startSource, this.router.core.myId(), sink.handle(), sourcePath);
        }
        catch (RuntimeException ex) {
            this.router.core.removeHandler(sink.handle());
            throw ex;
        }
        return result(source, target.toString(), sink.await(), start);
    }

    /**
     * Lets children fetch files and trees below {@code root} ({@link #fetch(String, Path)}).
     * Everything else, and paths that leave a root through {@code ..} or a symbolic link, or name
     * a device, is refused with one log line naming the child.
     *
     * @return this
     */
    public synchronized FileTransfer serve(Path root) {
        require(root, "root");
        if (this.served == null) {
            ServedRoots roots = new ServedRoots(this.engine);
            this.router.core.addHandler(Handles.FETCH_FILE, roots::onFetch, Policy.FROM_CHILD);
            this.router.core.addRouteListener(roots::forget);
            this.served = roots;
        }
        try {
            this.served.add(root);
        }
        catch (IOException ex) {
            throw new InvalidOptionsException("cannot serve " + root + ": " + ex.getMessage());
        }
        return this;
    }

    @Override
    public String toString() {
        ServedRoots roots = this.served;
        return "FileTransfer(context " + this.router.core.myId() + ", serving "
                + ((roots != null) ? roots.roots() : "nothing") + ")";
    }

    Router router() {
        return this.router;
    }

    private TransferResult fetchFromMaster(String path, Path target, TransferOptions options) {
        require(path, "path");
        require(target, "target");
        require(options, "options");
        long start = System.nanoTime();
        int myId = this.router.core.myId();
        Sink sink = newSink(0, target, options, false);
        // Dead answers (nothing served there) come to the sink too.
        this.router.core.send(this.router.codec.writer().writeInt(sink.handle()).writeString(path)
                .message(0, myId, myId, Handles.FETCH_FILE, sink.handle()));
        return result(contextOf(0), target.toString(), sink.await(), start);
    }

    private Sink newSink(int peer, Path target, TransferOptions options, boolean untrusted) {
        return new Sink(this.engine, peer, target, options.mode(), options.preserveTimes(), options.overwrite(),
                options.createDirectories(), untrusted, options.listener());
    }

    // Run in the receiving or sending child, called by the parent chain (CALL_FUNCTION's rule).

    private static int openSink(int peer, String targetPath, int flags, int mode) {
        FileTransfer files = inThisContext();
        return new Sink(files.engine, peer, Paths.get(targetPath), mode, (flags & 1) != 0, (flags & 2) != 0,
                (flags & 4) != 0, false, null).handle();
    }

    private static boolean startSource(int peer, int sinkHandle, String sourcePath) {
        FileTransfer files = inThisContext();
        Source source = new Source(files.engine, peer, sinkHandle, Paths.get(sourcePath), null);
        Thread thread = new Thread(() -> {
            try {
                source.run();
            }
            catch (RuntimeException ex) {
                // The sink was told; it reports the failure at its end.
            }
        }, "mitogen-file-pull");
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    private static int flags(TransferOptions options) {
        return (options.preserveTimes() ? 1 : 0) | (options.overwrite() ? 2 : 0) | (options.createDirectories() ? 4 : 0);
    }

    private TransferResult result(Context other, String path, Summary summary, long start) {
        return new TransferResult(other, path, summary.bytes, summary.files, Duration.ofNanos(System.nanoTime() - start),
                summary.sha256);
    }

    private Context contextOf(int id) {
        Context known = this.router.knownContext(id);
        return (known != null) ? known : this.router.contextFor(id, (id == 0) ? "master" : "context " + id);
    }

    private boolean isAlive(int id) {
        if (id == this.router.core.myId() || this.router.core.isAncestor(id)) {
            // A child lives only as long as its parent chain.
            return true;
        }
        Context known = this.router.knownContext(id);
        return known != null && known.isConnected();
    }

    private void checkTarget(Context context, String what) {
        require(context, what);
        if (context.router() != this.router) {
            throw new InvalidOptionsException(context + " belongs to another router");
        }
        if (!context.isConnected()) {
            throw new ContextDisconnectedException(context + " is gone; cannot transfer files with it");
        }
    }

    private static void require(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("'" + name + "' must not be null");
        }
    }
}
