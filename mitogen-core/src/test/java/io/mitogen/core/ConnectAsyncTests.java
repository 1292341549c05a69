package io.mitogen.core;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link Router#connectAsync}: many real children at once, bounded, failing as the sync form does. */
class ConnectAsyncTests {

    @Test
    void connectsManyAtOnceAndEachWorks() throws Exception {
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            List<CompletableFuture<Context>> started = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                started.add(router.connectAsync(LocalOptions.builder().build()));
            }
            CompletableFuture.allOf(started.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
            List<Context> fleet = new ArrayList<>();
            Set<Long> pids = new HashSet<>();
            for (CompletableFuture<Context> future : started) {
                Context context = future.get();
                fleet.add(context);
                pids.add(context.call(Tasks::pid));
            }
            assertThat(pids).hasSize(12).doesNotContain(ProcessHandle.current().pid());
            // Through a context too: the method is the options', whatever it is.
            Context below = router.connectAsync(LocalOptions.builder().via(fleet.get(0)).build()).get(60, TimeUnit.SECONDS);
            assertThat(below.call(Tasks::parentPid)).isEqualTo(fleet.get(0).pid());
            router.shutdown(fleet);
            assertThat(below.isConnected()).isFalse();
        }
    }

    @Test
    void theFailureIsTheExceptionTheSyncFormThrows() throws Exception {
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            LocalOptions noJava = LocalOptions.builder().javaPath("/nonexistent/bin/java").build();
            Throwable sync = catchThrown(() -> router.local(noJava));
            Throwable async = causeOf(router.connectAsync(noJava));
            assertThat(async).isInstanceOf(JavaNotFoundException.class).isExactlyInstanceOf(sync.getClass())
                    .hasMessage(sync.getMessage());

            int closed;
            try (ServerSocket socket = new ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            SshOptions refused = SshOptions.builder("127.0.0.1").port(closed).username("nobody").sshConfig(false).build();
            Throwable syncSsh = catchThrown(() -> router.ssh(refused));
            assertThat(causeOf(router.connectAsync(refused))).isInstanceOf(ConnectionRefusedException.class)
                    .isExactlyInstanceOf(syncSsh.getClass());

            // One failing among many: the others connect.
            CompletableFuture<Context> good = router.connectAsync(LocalOptions.builder().build());
            CompletableFuture<Context> bad = router.connectAsync(noJava);
            assertThat(good.get(60, TimeUnit.SECONDS).call(Tasks::add, 1, 2)).isEqualTo(3);
            assertThat(causeOf(bad)).isInstanceOf(JavaNotFoundException.class);
            assertThatThrownBy(() -> router.connectAsync(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'options' must not be null");
        }
    }

    @Test
    void thePoolBoundsHowManyConnectAtOnce(@TempDir Path dir) throws Exception {
        // A "java" that waits for a file before starting the real one holds its connect open.
        Path gate = dir.resolve("open");
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nwhile [ ! -e " + gate + " ]; do sleep 0.05; done\nexec "
                + System.getProperty("java.home") + "/bin/java \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            assertThat(router.connectPoolSize()).isPositive();
            assertThatThrownBy(() -> router.connectPoolSize(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 1");
            router.connectPoolSize(1);
            assertThat(router.connectPoolSize()).isEqualTo(1);
            CompletableFuture<Context> held = router.connectAsync(LocalOptions.builder().javaPath(java.toString()).build());
            CompletableFuture<Context> queued = router.connectAsync(LocalOptions.builder().build());
            // With one connect at a time, the second cannot even start while the first is held.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !queued.isDone());
            Files.createFile(gate);
            assertThat(held.get(60, TimeUnit.SECONDS).call(Tasks::add, 2, 2)).isEqualTo(4);
            assertThat(queued.get(60, TimeUnit.SECONDS).call(Tasks::add, 3, 3)).isEqualTo(6);
            router.connectPoolSize(4);
            assertThat(router.connectPoolSize()).isEqualTo(4);
        }
    }

    @Test
    void aCancelledConnectLeavesNoContextBehind(@TempDir Path dir) throws Exception {
        Path gate = dir.resolve("open");
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nwhile [ ! -e " + gate + " ]; do sleep 0.05; done\nexec "
                + System.getProperty("java.home") + "/bin/java \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            CompletableFuture<Context> held = router.connectAsync(LocalOptions.builder().javaPath(java.toString()).build());
            await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.current().descendants()
                    .anyMatch((p) -> p.info().commandLine().orElse("").contains(java.toString())));
            assertThat(held.cancel(false)).isTrue();
            Files.createFile(gate);
            // It connected anyway, and was shut down: nothing of it is left.
            await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.current().descendants()
                    .noneMatch(ProcessHandle::isAlive));
        }
    }

    private static Throwable catchThrown(Runnable action) {
        try {
            action.run();
        }
        catch (Throwable ex) {
            return ex;
        }
        throw new AssertionError("expected a failure");
    }

    private static Throwable causeOf(CompletableFuture<Context> future) throws Exception {
        try {
            future.get(60, TimeUnit.SECONDS);
        }
        catch (ExecutionException ex) {
            return ex.getCause();
        }
        throw new AssertionError("expected the connect to fail");
    }
}
