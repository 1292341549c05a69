package io.mitogen.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Shutdown and death, with real child processes. */
class LifecycleTests {

    @Test
    void shutdownIsGracefulAndTheJvmIsGoneAfterwards() {
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            Context a = router.local();
            Context c = router.local(LocalOptions.builder().via(a).build());
            long cPid = c.call(Tasks::pid);
            c.shutdown();
            assertThat(c.isConnected()).isFalse();
            assertThat(isAlive(cPid)).isFalse();
            assertThat(a.call(Tasks::add, 1, 1)).as("its parent carries on").isEqualTo(2);
            assertThatThrownBy(() -> c.call(Tasks::pid))
                    .isInstanceOf(ContextDisconnectedException.class)
                    .hasMessageContaining("is gone");
        }
    }

    @Test
    void childWhoseMainThreadHangsStillStops() {
        try (Broker broker = new Broker()) {
            Context child = new Router(broker).local();
            long pid = child.pid();
            Receiver<Void> hung = child.runAsync(Tasks::hang);
            child.shutdown();
            assertThat(isAlive(pid)).isFalse();
            assertThatThrownBy(hung::get).isInstanceOf(ContextDisconnectedException.class);
        }
    }

    @Test
    void frozenChildIsKilledAfterTheGracePeriod() throws Exception {
        try (Broker broker = new Broker(Duration.ofMillis(500))) {
            Context child = new Router(broker).local();
            long pid = child.pid();
            assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor()).isZero();
            child.shutdown();
            assertThat(isAlive(pid)).isFalse();
        }
    }

    @Test
    void waitingCallsFailWhenTheContextDies() {
        try (Broker broker = new Broker()) {
            Context child = new Router(broker).local();
            Receiver<Void> hung = child.runAsync(Tasks::hang);
            ProcessHandle.of(child.pid()).orElseThrow().destroyForcibly();
            assertThatThrownBy(() -> hung.get(Duration.ofSeconds(30)))
                    .isInstanceOf(ContextDisconnectedException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !child.isConnected());
        }
    }

    @Test
    void closeStopsEveryChildAndTheBrokerTerminates() {
        Broker broker = new Broker();
        Router router = new Router(broker);
        Context a = router.local();
        Context b = router.local();
        Context c = router.local(LocalOptions.builder().via(b).build());
        long[] pids = { a.pid(), b.pid(), c.pid() };
        broker.close();
        assertThat(broker.state()).isEqualTo(Broker.State.TERMINATED);
        assertThat(broker.terminationFuture()).isDone();
        for (long pid : pids) {
            assertThat(isAlive(pid)).as("pid %d", pid).isFalse();
        }
        assertThat(broker.shutdown()).isSameAs(broker.terminationFuture());
        broker.close();
        assertThatThrownBy(router::local)
                .isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("cannot connect local: this router's broker is shut down")
                .hasMessageContaining("connect with a router that is running");
    }

    @Test
    void brokerStatesProgressInOrder() {
        Broker broker = new Broker();
        assertThat(broker.state()).isEqualTo(Broker.State.RUNNING);
        assertThat(broker.isShuttingDown()).isFalse();
        broker.shutdown().join();
        assertThat(broker.state()).isEqualTo(Broker.State.TERMINATED);
        assertThat(broker.isShuttingDown()).isTrue();
    }

    /**
     * Whether {@code pid} still runs. A zombie does not: ProcessHandle counts one as alive, and an
     * orphan stays one until PID 1 (here the VM's own init) gets round to reaping it.
     */
    static boolean isAlive(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        }
        catch (java.io.IOException ex) {
            return false;
        }
    }
}
