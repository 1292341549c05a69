package io.mitogen.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import io.mitogen.core.testing.FileTasks;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;

/** Child-initiated fetches under the master's rules: only below served roots, a hostile child refused. */
class FileFetchTests {

    static Broker broker;

    static Router router;

    static Context child;

    static Context other;

    @TempDir
    static Path dir;

    static Path root;

    /** The master's log lines about fetches. */
    static final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(dir.resolve("srv/artifacts"));
        Files.write(root.resolve("lib.jar"), FileTransferTests.random(400_000));
        Files.createDirectories(root.resolve("tree/sub"));
        Files.writeString(root.resolve("tree/sub/a.txt"), "a");
        Files.writeString(dir.resolve("secret.txt"), "not for children");
        Files.createSymbolicLink(root.resolve("escape"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("inside"), root.resolve("lib.jar"));
        new ProcessBuilder("mkfifo", root.resolve("fifo").toString()).inheritIO().start().waitFor();
        log.start();
        ((Logger) LoggerFactory.getLogger("io.mitogen.core.internal.files.ServedRoots")).addAppender(log);
        broker = new Broker();
        router = new Router(broker);
        router.files().serve(root);
        child = router.local(LocalOptions.builder().remoteName("fetcher").build());
        other = router.local(LocalOptions.builder().remoteName("bystander").build());
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger("io.mitogen.core.internal.files.ServedRoots")).detachAppender(log);
        broker.close();
    }

    static List<String> refusals() {
        synchronized (log) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).filter((m) -> m.contains("refused a fetch"))
                    .collect(Collectors.toList());
        }
    }

    @Test
    void aChildFetchesAFileAndATreeBelowAServedRoot() throws Exception {
        String target = dir.resolve("child/lib.jar").toString();
        String answer = child.call(FileTasks::fetch, root.resolve("lib.jar").toString(), target);
        assertThat(answer).startsWith("ok " + FileTransferTests.sha256(Files.readAllBytes(root.resolve("lib.jar"))));
        assertThat(Files.readAllBytes(Path.of(target))).isEqualTo(Files.readAllBytes(root.resolve("lib.jar")));
        assertThat(child.call(FileTasks::fetch, root.resolve("tree").toString(), dir.resolve("child/tree").toString()))
                .startsWith("ok ");
        assertThat(Files.readString(dir.resolve("child/tree/sub/a.txt"))).isEqualTo("a");
        // A link that stays inside the root is followed to what it names.
        assertThat(child.call(FileTasks::fetch, root.resolve("inside").toString(), dir.resolve("child/in").toString()))
                .startsWith("ok ");
    }

    @Test
    void everythingOutsideTheRootsIsRefusedWithOneLogLineNamingTheChild() {
        List<String> paths = List.of(root + "/../secret.txt", root.resolve("escape").toString(), "/etc/passwd",
                root.resolve("fifo").toString(), "relative/path", root + "/./lib.jar");
        int before = refusals().size();
        for (String path : paths) {
            String answer = child.call(FileTasks::fetch, path, dir.resolve("child/refused").toString());
            assertThat(answer).as(path).startsWith("FileRefusedException: ");
        }
        assertThat(Files.exists(dir.resolve("child/refused"))).isFalse();
        List<String> lines = refusals().subList(before, refusals().size());
        assertThat(lines).hasSize(paths.size()).allSatisfy((line) -> assertThat(line).contains("fetcher"));
        assertThat(lines.get(1)).contains("not below a served root");
        assertThat(lines.get(3)).contains("not a regular file");
    }

    @Test
    void aFloodingChildSlowsOnlyItself() {
        Receiver<Integer> flood = child.callAsync(FileTasks::flood, "/etc/shadow", 8, 400);
        // Meanwhile another child's calls and fetches go on.
        for (int i = 0; i < 20; i++) {
            assertThat(other.call(Tasks::add, i, 1)).isEqualTo(i + 1);
        }
        assertThat(other.call(FileTasks::fetch, root.resolve("lib.jar").toString(), dir.resolve("other/lib.jar").toString()))
                .startsWith("ok ");
        assertThat(flood.get()).isEqualTo(400);
        // The log was not flooded: a bounded number of lines for that child.
        assertThat(refusals().stream().filter((line) -> line.contains("/etc/shadow")).count()).isLessThanOrEqualTo(25);
    }
}
