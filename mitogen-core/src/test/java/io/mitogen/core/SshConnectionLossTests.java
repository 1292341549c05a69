package io.mitogen.core;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.testing.Tasks;
import io.mitogen.core.testing.TestSshServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Losing an ssh connection disconnects its context and everything beneath it: waiting receivers
 * fail with {@link ContextDisconnectedException}, new calls are refused, and the remote JVMs exit.
 */
class SshConnectionLossTests {

    @TempDir
    Path dir;

    TestSshServer server;

    Broker broker;

    Router router;

    @BeforeEach
    void start() {
        this.server = TestSshServer.start(this.dir);
        this.broker = new Broker();
        this.router = new Router(this.broker);
    }

    @AfterEach
    void stop() {
        this.broker.close();
        this.server.close();
    }

    SshOptions.Builder options() {
        return SshOptions.builder("127.0.0.1").port(this.server.port()).username("deploy")
                .identityFile(this.server.clientKey()).knownHosts(this.server.knownHosts()).sshConfig(false);
    }

    @Test
    void droppedConnectionsDisconnectTheContextAndItsSubtree() {
        Context ssh = this.router.ssh(options().build());
        Context below = this.router.local(LocalOptions.builder().via(ssh).build());
        Context sshBelow = this.router.ssh(options().via(below).build());
        long[] pids = { ssh.pid(), below.pid(), sshBelow.pid() };
        Receiver<String> waiting = ssh.callAsync(Tasks::sleepThenSay, 60_000L, "never");
        Receiver<String> waitingBelow = below.callAsync(Tasks::sleepThenSay, 60_000L, "never");

        this.server.dropAllConnections();

        await().atMost(Duration.ofSeconds(10)).until(() -> !ssh.isConnected() && !below.isConnected() && !sshBelow.isConnected());
        assertThatThrownBy(() -> waiting.get(Duration.ofSeconds(5))).isInstanceOf(ContextDisconnectedException.class)
                .hasMessageContaining(ssh.name());
        assertThatThrownBy(() -> waitingBelow.get(Duration.ofSeconds(5))).isInstanceOf(ContextDisconnectedException.class);
        assertThatThrownBy(() -> below.call(Tasks::add, 1, 1)).isInstanceOf(ContextDisconnectedException.class);
        for (long pid : pids) {
            await("remote JVM " + pid + " exits").atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.of(pid).map((p) -> !p.isAlive()).orElse(true));
        }
    }

    @Test
    void aStoppedServerDisconnectsAndANewConnectionIsRefused() {
        Context ssh = this.router.ssh(options().build());
        long pid = ssh.pid();
        int port = this.server.port();
        this.server.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !ssh.isConnected());
        assertThatThrownBy(() -> ssh.call(Tasks::pid)).isInstanceOf(ContextDisconnectedException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map((p) -> !p.isAlive()).orElse(true));
        assertThatThrownBy(() -> this.router.ssh(options().port(port).build())).isInstanceOf(ConnectionRefusedException.class);
    }
}
