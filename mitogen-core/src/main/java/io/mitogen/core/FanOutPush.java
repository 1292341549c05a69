package io.mitogen.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A push to a fleet, so that the bytes cross each link once: targets are grouped by the child of
 * this context whose subtree holds them; a group's head (an intermediate) receives the file once
 * into a private temporary directory, pushes it on to every target of its group, and deletes it.
 * Memory stays constant (the copy is on the intermediate's disk, not in its heap); the far end's
 * digests are checked against the one this end computed.
 */
final class FanOutPush {

    private FanOutPush() {
    }

    static Map<Context, TransferResult> run(FileTransfer files, Path source, List<Context> fleet, String targetPath,
            TransferOptions options) {
        Map<Context, List<Context>> groups = new LinkedHashMap<>();
        for (Context target : fleet) {
            Context head = target;
            while (head.via() != null) {
                head = head.via();
            }
            groups.computeIfAbsent(head, (key) -> new ArrayList<>()).add(target);
        }
        Map<Context, CompletableFuture<TransferResult>> running = new LinkedHashMap<>();
        for (Map.Entry<Context, List<Context>> group : groups.entrySet()) {
            Context head = group.getKey();
            List<Context> below = new ArrayList<>(group.getValue());
            if (below.remove(head)) {
                running.put(head, async(head, () -> files.push(source, head, targetPath, options)));
            }
            if (below.size() == 1) {
                Context only = below.get(0);
                running.put(only, async(only, () -> files.push(source, only, targetPath, options)));
            }
            else if (!below.isEmpty()) {
                CompletableFuture<Map<Context, TransferResult>> relayed = CompletableFuture.supplyAsync(
                        () -> relayThrough(files, head, source, below, targetPath, options), FanOutPush::daemon);
                for (Context target : below) {
                    running.put(target, relayed.thenApply((all) -> all.get(target)));
                }
            }
        }
        Map<Context, TransferResult> results = new LinkedHashMap<>();
        RuntimeException first = null;
        for (Map.Entry<Context, CompletableFuture<TransferResult>> entry : running.entrySet()) {
            try {
                results.put(entry.getKey(), entry.getValue().join());
            }
            catch (CompletionException ex) {
                RuntimeException cause = (ex.getCause() instanceof RuntimeException) ? (RuntimeException) ex.getCause()
                        : new MitogenException(String.valueOf(ex.getCause()), ex.getCause());
                if (first == null) {
                    first = cause;
                }
                else if (first != cause) {
                    first.addSuppressed(cause);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    /** Once to {@code head}, then from there to each of {@code targets}. */
    private static Map<Context, TransferResult> relayThrough(FileTransfer files, Context head, Path source,
            List<Context> targets, String targetPath, TransferOptions options) {
        long start = System.nanoTime();
        String staging = head.call(FanOutPush::stagingDirectory);
        TransferResult once = files.push(source, head, staging + "/payload",
                TransferOptions.builder().mode(0600).build());
        List<Integer> ids = new ArrayList<>();
        targets.forEach((target) -> ids.add(target.id()));
        List<List<Object>> answers = head.call(FanOutPush::forward, staging, ids, targetPath,
                (options.preserveTimes() ? 1 : 0) | (options.overwrite() ? 2 : 0) | (options.createDirectories() ? 4 : 0),
                options.mode());
        Map<Context, TransferResult> results = new LinkedHashMap<>();
        RuntimeException first = null;
        for (int i = 0; i < targets.size(); i++) {
            Context target = targets.get(i);
            List<Object> answer = answers.get(i);
            String sha = (String) answer.get(1);
            if (Boolean.TRUE.equals(answer.get(0)) && once.sha256().equals(sha)) {
                results.put(target, new TransferResult(target, targetPath, ((Number) answer.get(2)).longValue(),
                        ((Number) answer.get(3)).intValue(), Duration.ofNanos(System.nanoTime() - start), sha));
                continue;
            }
            RuntimeException failure = Boolean.TRUE.equals(answer.get(0))
                    ? new FileTransferException(target.toString(), targetPath, "SHA-256 " + sha + " reported through "
                            + head + " differs from the " + once.sha256() + " sent")
                    : new FileTransferException(target.toString(), targetPath, "relayed through " + head + ": " + sha);
            if (first == null) {
                first = failure;
            }
            else {
                first.addSuppressed(failure);
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    private static CompletableFuture<TransferResult> async(Context target, Supplier<TransferResult> push) {
        return CompletableFuture.supplyAsync(push, FanOutPush::daemon);
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "mitogen-file-fanout");
        thread.setDaemon(true);
        thread.start();
    }

    // Run in the group's head, called by its parent chain.

    /** A private directory (mode 0700) for the one copy this context forwards. */
    private static String stagingDirectory() throws IOException {
        return Files.createTempDirectory("mitogen-fanout-").toString();
    }

    /**
     * Pushes the staged copy to each context of {@code ids} (below this one), then deletes it.
     * Per target: {@code [true, sha256, bytes, files]} or {@code [false, failure message]}.
     */
    private static List<List<Object>> forward(String staging, List<Integer> ids, String targetPath, int flags, int mode)
            throws IOException {
        FileTransfer files = FileTransfer.inThisContext();
        Router router = Router.inChild;
        TransferOptions.Builder options = TransferOptions.builder().preserveTimes((flags & 1) != 0)
                .overwrite((flags & 2) != 0).createDirectories((flags & 4) != 0);
        if (mode >= 0) {
            options.mode(mode);
        }
        Path payload = Paths.get(staging, "payload");
        try {
            List<CompletableFuture<List<Object>>> running = new ArrayList<>();
            for (int id : ids) {
                running.add(CompletableFuture.supplyAsync(() -> {
                    Context target = router.contextFor(id, "context " + id);
                    try {
                        TransferResult result = files.push(payload, target, targetPath, options.build());
                        return List.<Object>of(true, result.sha256(), result.bytes(), result.files());
                    }
                    catch (RuntimeException ex) {
                        return List.<Object>of(false, String.valueOf(ex.getMessage()));
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
