package io.mitogen.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.mitogen.core.internal.router.MessageRouter;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.Message;

/**
 * A push to a fleet, so that the bytes cross each link once: targets are grouped by the child of
 * this context whose subtree holds them; a group's head (an intermediate) receives the file once
 * into a private temporary directory, pushes it on to every target of its group, and deletes it.
 * Memory stays constant (the copy is on the intermediate's disk, not in its heap); the far end's
 * digests are checked against the one this end computed.
 *
 * <p>Every target gets a result, failed ones included ({@link TransferResult#failure()}): one
 * target's failure (gone, disk full, ...) does not stop the others. The head reports each
 * relayed target's progress back here, to the caller's listener, as if pushed directly.
 */
final class FanOutPush {

    private FanOutPush() {
    }

    static Map<Context, TransferResult> run(FileTransfer files, Path source, List<Context> fleet, String targetPath,
            TransferOptions options) {
        long start = System.nanoTime();
        Map<Context, List<Context>> groups = new LinkedHashMap<>();
        Map<Context, TransferResult> early = new HashMap<>();
        for (Context target : fleet) {
            if (!target.isConnected()) {
                early.put(target, TransferResult.failed(target, targetPath, Duration.ZERO,
                        new ContextDisconnectedException(target + " is gone; cannot transfer files with it")));
                continue;
            }
            Context head = target;
            while (head.via() != null) {
                head = head.via();
            }
            groups.computeIfAbsent(head, (key) -> new ArrayList<>()).add(target);
        }
        Map<Context, CompletableFuture<TransferResult>> running = new HashMap<>();
        for (Map.Entry<Context, List<Context>> group : groups.entrySet()) {
            Context head = group.getKey();
            List<Context> below = new ArrayList<>(group.getValue());
            if (below.remove(head)) {
                running.put(head, async(() -> files.push(source, head, targetPath, options)));
            }
            if (below.size() == 1) {
                Context only = below.get(0);
                running.put(only, async(() -> files.push(source, only, targetPath, options)));
            }
            else if (!below.isEmpty()) {
                CompletableFuture<Map<Context, TransferResult>> relayed = CompletableFuture.supplyAsync(
                        () -> relayThrough(files, head, source, below, targetPath, options), FanOutPush::daemon);
                for (Context target : below) {
                    running.put(target, relayed.thenApply((all) -> all.get(target)));
                }
            }
        }
        // In the caller's order, each with its own outcome.
        Map<Context, TransferResult> results = new LinkedHashMap<>();
        for (Context target : fleet) {
            TransferResult known = early.get(target);
            if (known == null) {
                try {
                    known = running.get(target).join();
                }
                catch (CompletionException ex) {
                    known = TransferResult.failed(target, targetPath, Duration.ofNanos(System.nanoTime() - start),
                            asMitogen(target, targetPath, ex.getCause()));
                }
            }
            results.put(target, known);
        }
        return results;
    }

    private static MitogenException asMitogen(Context target, String path, Throwable cause) {
        return (cause instanceof MitogenException) ? (MitogenException) cause
                : new FileTransferException(target.toString(), path, String.valueOf(cause));
    }

    /** Once to {@code head}, then from there to each of {@code targets}; a result for every target. */
    private static Map<Context, TransferResult> relayThrough(FileTransfer files, Context head, Path source,
            List<Context> targets, String targetPath, TransferOptions options) {
        long start = System.nanoTime();
        Map<Context, TransferResult> results = new LinkedHashMap<>();
        Router router = files.router();
        Map<Integer, Context> byId = new HashMap<>();
        List<Integer> ids = new ArrayList<>();
        for (Context target : targets) {
            byId.put(target.id(), target);
            ids.add(target.id());
        }
        TransferListener listener = options.listener();
        int progressHandle = (listener == null) ? 0 : router.core.addHandler(
                (message, in) -> onRelayedProgress(router.codec, byId, listener, message),
                MessageRouter.Policy.from(head.id()));
        try {
            String staging = head.call(FanOutPush::stagingDirectory);
            TransferResult once = files.push(source, head, staging + "/payload",
                    TransferOptions.builder().mode(0600).build());
            int flags = (options.preserveTimes() ? 1 : 0) | (options.overwrite() ? 2 : 0)
                    | (options.createDirectories() ? 4 : 0);
            List<List<Object>> answers = head.call(FanOutPush::forward, staging, ids, targetPath,
                    List.of(flags, options.mode(), router.core.myId(), progressHandle));
            for (int i = 0; i < targets.size(); i++) {
                results.put(targets.get(i), fromAnswer(targets.get(i), head, targetPath, once.sha256(),
                        (i < answers.size()) ? answers.get(i) : null, start));
            }
        }
        catch (RuntimeException ex) {
            // The head failed (gone, no room for the staged copy): every target not yet answered failed with it.
            MitogenException failure = asMitogen(head, targetPath, ex);
            for (Context target : targets) {
                results.putIfAbsent(target, TransferResult.failed(target, targetPath,
                        Duration.ofNanos(System.nanoTime() - start), failure));
            }
        }
        finally {
            if (progressHandle != 0) {
                router.core.removeHandler(progressHandle);
            }
        }
        return results;
    }

    /** One target's answer from the head (not trusted beyond its word: digests are checked). */
    private static TransferResult fromAnswer(Context target, Context head, String targetPath, String sentSha,
            List<Object> answer, long start) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        try {
            if (answer != null && Boolean.TRUE.equals(answer.get(0))) {
                String sha = (String) answer.get(1);
                if (sentSha.equals(sha)) {
                    return new TransferResult(target, targetPath, ((Number) answer.get(2)).longValue(),
                            ((Number) answer.get(3)).intValue(), elapsed, sha);
                }
                return TransferResult.failed(target, targetPath, elapsed, new FileTransferException(target.toString(),
                        targetPath, "SHA-256 " + sha + " reported through " + head + " differs from the " + sentSha
                                + " sent"));
            }
            if (answer != null && answer.size() == 4) {
                // [false, kind, path, reason]: the specific failure, as the head saw it.
                return TransferResult.failed(target, targetPath, elapsed, io.mitogen.core.internal.files.FileEngine.failure(
                        ((Number) answer.get(1)).intValue(), target.toString(), String.valueOf(answer.get(2)),
                        "relayed through " + head + ": " + answer.get(3)));
            }
        }
        catch (RuntimeException ex) {
            // A malformed answer: reported as such below.
        }
        return TransferResult.failed(target, targetPath, elapsed, new FileTransferException(target.toString(),
                targetPath, "no valid answer relayed through " + head));
    }

    private static CompletableFuture<TransferResult> async(Supplier<TransferResult> push) {
        return CompletableFuture.supplyAsync(push, FanOutPush::daemon);
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "mitogen-file-fanout");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * At the caller: a relayed target's progress, from the head, to the caller's listener. The
     * head is a child: only ids of its own group are believed, anything malformed is dropped.
     */
    private static void onRelayedProgress(Codec codec, Map<Integer, Context> targets, TransferListener listener,
            Message message) {
        if (message.isDead()) {
            return;
        }
        try {
            Codec.Reader body = codec.reader(message.payload, 0, message.payload.length);
            Context target = targets.get(body.readInt());
            String path = body.readString();
            long done = body.readLong();
            long total = body.readLong();
            boolean fileDone = body.readInt() != 0;
            if (target == null) {
                return;
            }
            if (fileDone) {
                listener.onFileDone(target, path, done);
            }
            else {
                listener.onProgress(target, path, done, total);
            }
        }
        catch (RuntimeException ex) {
            // A malformed report (or a listener that threw): progress is advisory; the result is not.
        }
    }

    /** At the head: one relayed target's progress (or, with {@code fileDone} 1, its file in place), to the caller. */
    private static void sendProgress(Router router, int caller, int handle, int target, String path, long done,
            long total, int fileDone) {
        byte[] body = router.codec.writer().writeInt(target).writeString(String.valueOf(path)).writeLong(done)
                .writeLong(total).writeInt(fileDone).toByteArray();
        router.core.sendTo(caller, handle, 0, body);
    }

    // Run in the group's head, called by its parent chain.

    /** A private directory (mode 0700) for the one copy this context forwards. */
    private static String stagingDirectory() throws IOException {
        return Files.createTempDirectory("mitogen-fanout-").toString();
    }

    /**
     * Pushes the staged copy to each context of {@code ids} (below this one), then deletes it.
     * Per target: {@code [true, sha256, bytes, files]} or {@code [false, kind, path, reason]}.
     * {@code settings}: the options' flags, the mode, the caller's id and a handle there for each
     * target's progress ({@code 0}: none wanted).
     */
    private static List<List<Object>> forward(String staging, List<Integer> ids, String targetPath,
            List<Integer> settings) throws IOException {
        int flags = settings.get(0);
        int mode = settings.get(1);
        int caller = settings.get(2);
        int progressHandle = settings.get(3);
        FileTransfer files = FileTransfer.inThisContext();
        Router router = Router.inChild;
        TransferOptions.Builder options = TransferOptions.builder().preserveTimes((flags & 1) != 0)
                .overwrite((flags & 2) != 0).createDirectories((flags & 4) != 0);
        if (mode >= 0) {
            options.mode(mode);
        }
        if (progressHandle != 0) {
            // Made here, on the call's thread (a lambda: nothing for a reader thread to fetch).
            options.listener((context, path, done, total) -> sendProgress(router, caller, progressHandle, context.id(),
                    path, done, total, 0));
        }
        Path payload = Paths.get(staging, "payload");
        try {
            List<CompletableFuture<List<Object>>> running = new ArrayList<>();
            for (int id : ids) {
                running.add(CompletableFuture.supplyAsync(() -> {
                    Context target = router.contextFor(id, "context " + id);
                    try {
                        TransferResult result = files.push(payload, target, targetPath, options.build());
                        if (progressHandle != 0) {
                            // In place and verified: the caller's listener hears onFileDone.
                            sendProgress(router, caller, progressHandle, id, targetPath, result.bytes(), result.bytes(), 1);
                        }
                        return List.<Object>of(true, result.sha256(), result.bytes(), result.files());
                    }
                    catch (FileTransferException ex) {
                        return List.<Object>of(false, io.mitogen.core.internal.files.FileEngine.kindOf(ex), ex.path(),
                                io.mitogen.core.internal.files.FileEngine.reasonOf(ex));
                    }
                    catch (RuntimeException ex) {
                        return List.<Object>of(false, 0, targetPath, String.valueOf(ex.getMessage()));
                    }
                }, FanOutPush::daemon));
            }
            List<List<Object>> answers = new ArrayList<>();
            running.forEach((answer) -> answers.add(answer.join()));
            return answers;
        }
        finally {
            try (Stream<Path> walk = Files.walk(Paths.get(staging))) {
                walk.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
            }
        }
    }
}
