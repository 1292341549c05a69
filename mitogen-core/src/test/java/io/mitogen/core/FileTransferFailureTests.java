package io.mitogen.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Peers;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Bad input at either end: each a specific exception, no partial file at the target, the router unaffected. */
class FileTransferFailureTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.withLocalChildren(1);

    static Router router;

    static Context child;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        router = mitogen.router();
        child = mitogen.child(0);
    }

    private static int run(String... command) throws Exception {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    @Test
    void aFullDiskIsDiskFullAndLeavesNothing() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a small tmpfs needs root");
        Path small = Files.createDirectories(this.dir.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString()) == 0,
                "cannot mount a tmpfs here");
        try {
            Files.writeString(small.resolve("old.txt"), "old");
            Path source = Files.write(this.dir.resolve("big"), FileTransferTests.random(3 * 1024 * 1024));
            Path target = small.resolve("old.txt");
            assertThatThrownBy(() -> router.files().push(source, child, target.toString()))
                    .isInstanceOf(DiskFullException.class)
                    .hasMessageContaining(child.name()).hasMessageContaining(small.toString());
            assertThat(Files.readString(target)).isEqualTo("old");
            try (var names = Files.list(small)) {
                assertThat(names.map((p) -> p.getFileName().toString())).containsExactly("old.txt");
            }
            // The same child takes the next transfer and call.
            assertThat(router.files().push(source, child, this.dir.resolve("fits").toString()).bytes())
                    .isEqualTo(3 * 1024 * 1024);
            assertThat(child.call(Tasks::add, 2, 2)).isEqualTo(4);
        }
        finally {
            run("umount", small.toString());
        }
    }

    @Test
    void permissionDeniedAtEitherEnd() {
        Peers.assumeTestbedUsers();
        Context user = router.sudo(SudoOptions.builder().username("mitotest").build());
        try {
            Path source = this.dir.resolve("x");
            try {
                Files.write(source, FileTransferTests.random(1000));
            }
            catch (IOException ex) {
                throw new AssertionError(ex);
            }
            assertThatThrownBy(() -> router.files().push(source, user, "/root/mitogen-denied.txt"))
                    .isInstanceOf(FileAccessDeniedException.class)
                    .hasMessageContaining(user.name()).hasMessageContaining("/root");
            assertThat(Files.exists(Path.of("/root/mitogen-denied.txt"))).isFalse();
            assertThatThrownBy(() -> router.files().pull(user, "/etc/shadow", this.dir.resolve("shadow")))
                    .isInstanceOf(FileAccessDeniedException.class)
                    .hasMessageContaining(user.name()).hasMessageContaining("/etc/shadow");
            assertThat(Files.exists(this.dir.resolve("shadow"))).isFalse();
        }
        finally {
            user.shutdown();
        }
    }

    @Test
    void aSourceThatChangesWhileSentIsRefusedAtTheTarget() throws Exception {
        Path source = Files.write(this.dir.resolve("growing.log"), FileTransferTests.random(8 * 1024 * 1024));
        Path target = this.dir.resolve("copy.log");
        AtomicBoolean appended = new AtomicBoolean();
        TransferListener appendOnce = (context, path, done, total) -> {
            if (done > 0 && appended.compareAndSet(false, true)) {
                try {
                    Files.write(source, "more".getBytes(), StandardOpenOption.APPEND);
                }
                catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        };
        assertThatThrownBy(() -> router.files().push(source, child, target.toString(),
                TransferOptions.builder().listener(appendOnce).build()))
                .isInstanceOf(SourceChangedException.class).hasMessageContaining(source.toString());
        assertThat(appended).isTrue();
        assertThat(Files.exists(target)).isFalse();
        assertThat(FileTransferTests.leftovers(this.dir)).isEmpty();
    }

    @Test
    void aLinkLostMidFileIsTransferInterruptedAndOthersGoOn() throws Exception {
        Context doomed = router.local();
        Path source = Files.write(this.dir.resolve("large"), FileTransferTests.random(48 * 1024 * 1024));
        Path target = this.dir.resolve("large.copy");
        AtomicBoolean killed = new AtomicBoolean();
        TransferListener killMidway = (context, path, done, total) -> {
            if (done > 4 * 1024 * 1024 && killed.compareAndSet(false, true)) {
                ProcessHandle.of(doomed.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        };
        assertThatThrownBy(() -> router.files().push(source, doomed, target.toString(),
                TransferOptions.builder().listener(killMidway).build()))
                .isInstanceOf(TransferInterruptedException.class).hasMessageContaining(doomed.name());
        assertThat(killed).isTrue();
        assertThat(Files.exists(target)).as("nothing at the target name").isFalse();
        // The router and the other child are unaffected.
        assertThat(router.files().push(source, child, this.dir.resolve("other.copy").toString()).bytes())
                .isEqualTo(48 * 1024 * 1024);
        assertThat(child.call(Tasks::add, 1, 1)).isEqualTo(2);
    }

    @Test
    void aTemporaryLeftByAWriterKilledMidFileIsRemovedByTheNextTransferThere() throws Exception {
        Context doomed = router.local();
        long doomedPid = doomed.pid();
        Path source = Files.write(this.dir.resolve("large"), FileTransferTests.random(48 * 1024 * 1024));
        Path targets = Files.createDirectories(this.dir.resolve("srv"));
        AtomicBoolean killed = new AtomicBoolean();
        TransferListener killMidway = (context, path, done, total) -> {
            if (done > 4 * 1024 * 1024 && killed.compareAndSet(false, true)) {
                try {
                    // kill -9: the child gets no chance to remove its temporary file.
                    new ProcessBuilder("kill", "-9", Long.toString(doomedPid)).start().waitFor();
                }
                catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        assertThatThrownBy(() -> router.files().push(source, doomed, targets.resolve("large.copy").toString(),
                TransferOptions.builder().listener(killMidway).build()))
                .isInstanceOf(TransferInterruptedException.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(doomedPid).isEmpty());
        List<String> left = FileTransferTests.leftovers(targets);
        assertThat(left).as("the killed writer's temporary, named with its pid").hasSize(1)
                .allSatisfy((name) -> assertThat(name).contains("-" + doomedPid + "-").endsWith(".tmp"));
        // A temporary of a writer that is alive (named as the dead one's, with this JVM's pid) must stay.
        String dead = Path.of(left.get(0)).getFileName().toString();
        Path live = targets.resolve(dead.replace("-" + doomedPid + "-", "-" + ProcessHandle.current().pid() + "-"));
        Files.write(live, new byte[] { 1 });

        // The next transfer into that directory, by another context, removes the dead writer's.
        router.files().push(source, child, targets.resolve("other.copy").toString());

        assertThat(Files.exists(Path.of(left.get(0)))).as("the dead writer's temporary").isFalse();
        assertThat(FileTransferTests.leftovers(targets)).containsExactly(live.toString());
        assertThat(Files.size(targets.resolve("other.copy"))).isEqualTo(48 * 1024 * 1024);
    }
}
