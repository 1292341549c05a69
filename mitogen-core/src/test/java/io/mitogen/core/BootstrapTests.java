package io.mitogen.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.bootstrap.BootCommand;
import io.mitogen.core.bootstrap.CoreBundle;
import io.mitogen.core.testing.Peers;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bootstrap: what it costs, what it leaves behind (nothing), and how it fails (clearly). */
class BootstrapTests {

    static Broker broker;

    static Router router;

    @BeforeAll
    static void start() {
        broker = new Broker();
        router = new Router(broker);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void bootCommandIsSmallAndHasNoQuotesOrSeparators() {
        String command = BootCommand.build("/usr/bin/java", java.util.List.of("-Xmx64m"), "mitogen:u@h:1");
        assertThat(command.length()).isLessThan(4096);
        assertThat(command).doesNotContain("'", "\"", ";", "\\", "*", "?", "!");
        assertThat(CoreBundle.get().size()).isLessThan(150_000);
    }

    @Test
    void childLeavesNothingInTmpShmOrHome() {
        Set<String> before = ourFiles();
        Context child = router.local();
        assertThat(child.call(Tasks::add, 1, 2)).isEqualTo(3);
        assertThat(ourFiles()).isEqualTo(before);
        child.shutdown();
        assertThat(ourFiles()).isEqualTo(before);
    }

    @Test
    void missingJavaNamesThePathAndTheChildsOwnWords() {
        Set<String> before = ourFiles();
        assertThatThrownBy(() -> router.local(LocalOptions.builder().javaPath("/nonexistent/bin/java").build()))
                .isInstanceOf(ConnectFailedException.class)
                .isInstanceOf(JavaNotFoundException.class)
                .hasMessageContaining("local child (java /nonexistent/bin/java) on " + Peers.hostname())
                .hasMessageContaining("exit status 127")
                .hasMessageContaining("not found")
                .hasMessageContaining("install Java 11 or later there, or point the options' javaPath(...)");
        assertThat(ourFiles()).as("a failed start leaves nothing either").isEqualTo(before);
        assertThat(router.local().call(Tasks::add, 2, 2)).as("the router keeps working").isEqualTo(4);
    }

    @Test
    void childThatDiesDuringBootstrapReportsWhy() {
        assertThatThrownBy(() -> router.local(LocalOptions.builder().jvmArgs("-XX:+NoSuchMitogenFlag").build()))
                .isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("local child (java ")
                .hasMessageContaining(" on " + Peers.hostname() + " failed to start")
                .hasMessageContaining("NoSuchMitogenFlag")
                .hasMessageContaining("a JVM option in jvmArgs(...) it refuses");
    }

    @Test
    void connectTimeoutStopsAChildThatNeverStarts(@TempDir Path dir) throws IOException {
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nexec sleep 600\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> router.local(LocalOptions.builder().javaPath(java.toString())
                .connectTimeout(Duration.ofMillis(500)).build()))
                .isInstanceOf(ConnectTimeoutException.class)
                .hasMessageContaining("local child (java " + java + ") on " + Peers.hostname())
                .hasMessageContaining("did not become ready within PT0.5S")
                .hasMessageContaining("raise the options' connectTimeout(...)");
    }

    @Test
    void unsafeOptionValuesAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> LocalOptions.builder().remoteName("a b").build())
                .isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("remoteName value 'a b'");
        assertThatThrownBy(() -> LocalOptions.builder().jvmArgs("-Dx=$(reboot)").build())
                .isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("jvmArgs");
        assertThatThrownBy(() -> LocalOptions.builder().connectTimeout(Duration.ZERO).build())
                .isInstanceOf(InvalidOptionsException.class);
    }

    /** Our temp files are m.XXXXXX in /dev/shm or the temp dir; $HOME is compared whole. */
    static Set<String> ourFiles() {
        Set<String> found = new TreeSet<>();
        for (String dir : new String[] { "/dev/shm", System.getProperty("java.io.tmpdir"), "/tmp" }) {
            found.addAll(list(Paths.get(dir)).stream().filter((name) -> name.contains("/m.")).collect(Collectors.toSet()));
        }
        found.addAll(list(Paths.get(System.getProperty("user.home"))));
        return found;
    }

    private static Set<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(Path::toString).collect(Collectors.toSet());
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
