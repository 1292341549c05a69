package io.mitogen.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;

/** Fan-out: ten contexts behind one intermediate; the file crosses the upper link once. */
class FileFanOutTests {

    static Broker broker;

    static Router router;

    static Context intermediate;

    static List<Context> fleet = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        broker = new Broker();
        router = new Router(broker);
        intermediate = router.local(LocalOptions.builder().remoteName("rack").build());
        for (int i = 0; i < 10; i++) {
            fleet.add(router.local(LocalOptions.builder().via(intermediate).remoteName("node" + i).build()));
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
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
}
