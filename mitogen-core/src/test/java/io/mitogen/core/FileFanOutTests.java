package io.mitogen.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Fan-out: ten contexts behind one intermediate; the file crosses the upper link once. */
class FileFanOutTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    static Context intermediate;

    static List<Context> fleet = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        router = mitogen.router();
        intermediate = router.local(LocalOptions.builder().remoteName("rack").build());
        for (int i = 0; i < 10; i++) {
            fleet.add(router.local(LocalOptions.builder().via(intermediate).remoteName("node" + i).build()));
        }
    }

    @Test
    void tenContextsBehindOneIntermediateGetTheFileWhichCrossesTheUpperLinkOnce() throws Exception {
        byte[] content = FileTransferTests.random(8 * 1024 * 1024);
        Path source = Files.write(dir.resolve("app.tar.gz"), content);
        String target = dir.resolve("srv/app/app.tar.gz").toString();
        long sentBefore = router.bytesSent();

        Map<Context, TransferResult> all = router.files().push(source, fleet, target);

        long upper = router.bytesSent() - sentBefore;
        assertThat(all).containsOnlyKeys(fleet);
        assertThat(all.values()).allSatisfy((result) -> {
            assertThat(result.sha256()).isEqualTo(FileTransferTests.sha256(content));
            assertThat(result.bytes()).isEqualTo(content.length);
        });
        assertThat(Files.readAllBytes(Path.of(target))).isEqualTo(content);
        // The master has one link, to the intermediate: the file crossed it once, not ten times.
        System.out.printf("fan-out to 10: %d bytes on the upper link for a %d-byte file%n", upper, content.length);
        assertThat(upper).isBetween((long) content.length, content.length + content.length / 10L);
        // The intermediate's staging copy is gone.
        assertThat(intermediate.call(Tasks::add, 1, 1)).isEqualTo(2);
        try (var names = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(names.filter((p) -> p.getFileName().toString().startsWith("mitogen-fanout-"))).isEmpty();
        }
    }

    @Test
    void everyTargetGetsAResultWhenSomeFailAndRelayedTargetsReportProgress() throws Exception {
        Context rack = router.local(LocalOptions.builder().remoteName("rack2").build());
        List<Context> nodes = new ArrayList<>();
        for (String name : List.of("good0", "good1", "gone", "doomed")) {
            nodes.add(router.local(LocalOptions.builder().via(rack).remoteName(name).build()));
        }
        Context direct = router.local(LocalOptions.builder().remoteName("direct").build());
        Context gone = nodes.get(2);
        Context doomed = nodes.get(3);
        List<Context> targets = new ArrayList<>(nodes);
        targets.add(direct);
        try {
            // "gone" is killed before the push; "doomed" as soon as its first bytes arrive.
            long gonePid = gone.pid();
            ProcessHandle.of(gonePid).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(gonePid).isEmpty());
            byte[] content = FileTransferTests.random(32 * 1024 * 1024);
            Path source = Files.write(dir.resolve("release.bin"), content);
            String target = dir.resolve("out/release.bin").toString();
            Map<Context, Long> progress = new ConcurrentHashMap<>();
            Map<Context, Long> done = new ConcurrentHashMap<>();
            AtomicBoolean killed = new AtomicBoolean();
            TransferListener listener = new TransferListener() {
                @Override
                public void onProgress(Context context, String path, long bytesDone, long bytesTotal) {
                    progress.merge(context, bytesDone, Math::max);
                    if (context.equals(doomed) && bytesDone > 0 && killed.compareAndSet(false, true)) {
                        ProcessHandle.of(doomed.pid()).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }

                @Override
                public void onFileDone(Context context, String path, long bytes) {
                    done.put(context, bytes);
                }
            };

            Map<Context, TransferResult> all = router.files().push(source, targets, target,
                    TransferOptions.builder().listener(listener).build());

            assertThat(all.keySet()).containsExactlyElementsOf(targets);
            for (Context good : List.of(nodes.get(0), nodes.get(1), direct)) {
                TransferResult result = all.get(good);
                assertThat(result.succeeded()).as(result.toString()).isTrue();
                assertThat(result.orThrow().sha256()).isEqualTo(FileTransferTests.sha256(content));
                assertThat(progress.get(good)).as("progress of " + good).isEqualTo((long) content.length);
                assertThat(done.get(good)).as("file done at " + good).isEqualTo((long) content.length);
            }
            assertThat(killed).isTrue();
            for (Context failed : List.of(gone, doomed)) {
                TransferResult result = all.get(failed);
                assertThat(result.succeeded()).as(result.toString()).isFalse();
                assertThat(result.sha256()).isNull();
                assertThat(result.failure()).get().asString().contains(failed.name());
                assertThatThrownBy(result::orThrow).isInstanceOf(MitogenException.class)
                        .isSameAs(result.failure().get());
            }
            assertThat(Files.readAllBytes(Path.of(target))).isEqualTo(content);
            // The head and the good targets still answer.
            assertThat(rack.call(Tasks::add, 1, 1)).isEqualTo(2);
            assertThat(nodes.get(1).call(Tasks::add, 2, 2)).isEqualTo(4);
        }
        finally {
            direct.shutdown();
            rack.shutdown();
        }
    }
}
