package io.mitogen.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** FakeSsh.run with real tools, through real child JVMs. */
class FakeSshTests {

    static Broker broker;

    static Router router;

    static Context child;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        broker = new Broker();
        router = new Router(broker);
        child = router.local();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void rsyncPushesATreeToAChild() throws IOException {
        Path src = Files.createDirectories(this.dir.resolve("src/sub"));
        Files.writeString(src.resolve("a.txt"), "hello");
        Path dst = this.dir.resolve("dst");
        int status = FakeSsh.run(child, List.of("rsync", "-a", this.dir.resolve("src") + "/", "anyhost:" + dst + "/"));
        assertThat(status).isEqualTo(0);
        assertThat(dst.resolve("sub/a.txt")).hasContent("hello");
    }
}
