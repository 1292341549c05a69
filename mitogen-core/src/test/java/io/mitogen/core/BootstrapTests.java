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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.internal.bootstrap.CoreBundle;
import io.mitogen.core.internal.transport.BootCommand;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Peers;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Bootstrap: what it costs, what it leaves behind (nothing), and how it fails (clearly). */
class BootstrapTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    @BeforeAll
    static void start() {
        router = mitogen.router();
    }

    @Test
    void bootCommandIsSmallAndHasNoQuotesOrSeparators() {
        String command = BootCommand.build("/usr/bin/java", java.util.List.of("-Xmx64m"), "mitogen:u@h:1");
        assertThat(command.length()).isLessThan(4096);
        assertThat(command).doesNotContain("'", "\"", ";", "\\", "*", "?", "!");
        assertThat(CoreBundle.get().size()).isLessThan(150_000);
    }

    /**
     * Looks only at this test's own child's files, not at the machine's whole /dev/shm: other
     * programs (and other tests' children) make and delete m.XXXXXX directories all the time.
     */
    @Test
    void childLeavesNothingInTmpShmOrHome() throws IOException {
        Set<String> homeBefore = ourFilesIn(home());
        Context child = router.local();
        assertThat(child.call(Tasks::add, 1, 2)).isEqualTo(3);
        String jar = child.call(Tasks::bootJarLink);
        assertThat(jar).as("fd 5 is the first stage's jar, deleted with its directory before java started")
                .matches("/.*/m\\.[A-Za-z0-9]{6}/j \\(deleted\\)");
        Path privateDir = Paths.get(jar.substring(0, jar.length() - " (deleted)".length())).getParent();
        Path perfData = Paths.get(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"),
                Long.toString(child.pid()));
        assertThat(privateDir).doesNotExist();
        assertThat(perfData).as("children run with -XX:-UsePerfData").doesNotExist();
        child.shutdown();
        assertThat(privateDir).doesNotExist();
        assertThat(perfData).doesNotExist();
        assertThat(ourFilesIn(home())).isEqualTo(homeBefore);
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
        // Other programs' m.XXXXXX directories come and go meanwhile: wait until only those
        // that were there before remain. The failed start's own directory would stay for good.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(before).as("a failed start leaves nothing either")
                .containsAll(ourFiles()));
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

    /** Our temp files are m.XXXXXX in /dev/shm, the temp dir or $HOME. */
    static Set<String> ourFiles() {
        Set<String> found = new TreeSet<>();
        for (String dir : new String[] { "/dev/shm", System.getProperty("java.io.tmpdir"), "/tmp", home() }) {
            found.addAll(ourFilesIn(dir));
        }
        return found;
    }

    private static Set<String> ourFilesIn(String dir) {
        return list(Paths.get(dir)).stream().filter((name) -> name.contains("/m.")).collect(Collectors.toSet());
    }

    private static String home() {
        return System.getProperty("user.home");
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
