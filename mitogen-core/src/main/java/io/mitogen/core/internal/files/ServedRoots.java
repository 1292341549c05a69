package io.mitogen.core.internal.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.mitogen.core.FileRefusedException;
import io.mitogen.core.FileTransferException;
import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.Message;

/**
 * The master's side of a child's fetch: the roots it serves, the checks a requested path must
 * pass, and one lane per requesting child. A child is never trusted: the path must be absolute,
 * free of {@code .} and {@code ..}, and its real path (every symbolic link resolved) must be a
 * regular file or a directory below a served root's real path. Every refusal is one log line
 * naming the child (at most {@link #LOGGED_REFUSALS} a child, then every thousandth, so a
 * flooding child cannot flood the log either).
 *
 * <p>Each child's fetches run one at a time on its own lane, with at most {@link #QUEUED}
 * waiting; more are refused. Checks run on the reader of the child's own stream. So a child that
 * floods requests slows only itself.
 */
public final class ServedRoots {

    private static final Log log = Log.get(ServedRoots.class);

    static final int QUEUED = 4;

    static final int LOGGED_REFUSALS = 20;

    private static final int MAX_PATH = 4096;

    private final FileEngine engine;

    private final List<Path> roots = new CopyOnWriteArrayList<>();

    private final Map<Integer, Lane> lanes = new ConcurrentHashMap<>();

    public ServedRoots(FileEngine engine) {
        this.engine = engine;
    }

    /** Serves {@code root}, an existing directory, and everything below it (its real path). */
    public void add(Path root) throws IOException {
        Path real = root.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new IOException(root + " is not a directory");
        }
        if (!this.roots.contains(real)) {
            this.roots.add(real);
        }
    }

    /** The served roots, as real paths. */
    public List<Path> roots() {
        return List.copyOf(this.roots);
    }

    /** Forgets a child's lane (it is gone). */
    public void forget(int id) {
        Lane lane = this.lanes.remove(id);
        if (lane != null) {
            lane.executor.shutdownNow();
        }
    }

    /** A child's fetch request: {@code int sinkHandle, String path}; answered on the sink's handle. */
    public void onFetch(Message request, Stream in) {
        int child = request.srcId;
        Lane lane = this.lanes.computeIfAbsent(child, (id) -> new Lane());
        int sinkHandle;
        String requested;
        try {
            Codec.Reader body = this.engine.codec.reader(request.payload, 0, request.payload.length);
            sinkHandle = body.readInt();
            requested = body.readString();
        }
        catch (RuntimeException ex) {
            refuse(lane, child, -1, "(unreadable)", "a malformed request");
            return;
        }
        Path real;
        try {
            real = check(requested);
        }
        catch (FileRefusedException ex) {
            refuse(lane, child, sinkHandle, requested, Sink.reasonOf(ex));
            return;
        }
        final Path from = real;
        try {
            lane.executor.execute(() -> serve(child, sinkHandle, from));
        }
        catch (RejectedExecutionException ex) {
            refuse(lane, child, sinkHandle, requested, QUEUED + " fetches are already waiting for this context");
        }
    }

    /** The real path to send for {@code requested}, or why not. */
    Path check(String requested) {
        String here = this.engine.name(this.engine.myId());
        if (requested == null || requested.isEmpty() || requested.length() > MAX_PATH || requested.indexOf('\0') >= 0) {
            throw new FileRefusedException(here, String.valueOf(requested), "not a usable path");
        }
        if (!requested.startsWith("/")) {
            throw new FileRefusedException(here, requested, "not an absolute path");
        }
        for (String part : requested.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw new FileRefusedException(here, requested, "contains '" + part + "'");
            }
        }
        if (this.roots.isEmpty()) {
            throw new FileRefusedException(here, requested, "this context serves no files (FileTransfer.serve)");
        }
        Path real;
        try {
            real = Paths.get(requested).toRealPath();
        }
        catch (IOException | InvalidPathException ex) {
            throw new FileRefusedException(here, requested, "no such file below a served root");
        }
        boolean below = false;
        for (Path root : this.roots) {
            below |= real.startsWith(root);
        }
        if (!below) {
            throw new FileRefusedException(here, requested, "not below a served root"
                    + (real.toString().equals(requested) ? "" : " (it resolves to " + real + ")"));
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileRefusedException(here, requested, "not a regular file or directory (a device, FIFO or socket)");
        }
        return real;
    }

    private void serve(int child, int sinkHandle, Path real) {
        try {
            new Source(this.engine, child, sinkHandle, real, null).run();
        }
        catch (FileTransferException ex) {
            log.warn("a fetch of {} by {} failed: {}", real, this.engine.name(child), ex.getMessage());
        }
        catch (RuntimeException ex) {
            log.warn("a fetch of {} by {} failed: {}", real, this.engine.name(child), ex.toString());
        }
    }

    private void refuse(Lane lane, int child, int sinkHandle, String requested, String reason) {
        long count = lane.refused.incrementAndGet();
        if (count <= LOGGED_REFUSALS || count % 1000 == 0) {
            log.warn("refused a fetch of {} by {}: {}{}", printable(requested), this.engine.name(child), reason,
                    (count == LOGGED_REFUSALS) ? " (further refusals for this context: every 1000th is logged)"
                            : (count > LOGGED_REFUSALS) ? " (" + count + " refused so far)" : "");
        }
        if (sinkHandle >= 0) {
            Codec.Writer body = this.engine.codec.writer().writeInt(Protocol.E_REFUSED).writeString(printable(requested))
                    .writeString(reason);
            this.engine.send(child, sinkHandle, Protocol.control(this.engine.codec, Protocol.FAIL, body));
        }
    }

    private static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 300));
        for (int i = 0; i < text.length() && i < 300; i++) {
            char c = text.charAt(i);
            out.append((c < 0x20 || c == 0x7f) ? '?' : c);
        }
        return out.toString();
    }

    /** One child's fetches: one at a time, a few waiting. */
    private static final class Lane {

        final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED), (task) -> {
                    Thread thread = new Thread(task, "mitogen-file-fetch");
                    thread.setDaemon(true);
                    return thread;
                });

        final AtomicLong refused = new AtomicLong();

        Lane() {
            this.executor.allowCoreThreadTimeOut(true);
        }
    }
}
