package io.mitogen.core;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.mitogen.core.testing.SshTasks;
import io.mitogen.core.testing.Testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two more "hosts" (network namespaces with their own sshd, {@code shared/testbed/netns.sh up 2}):
 * the master reaches the bastion {@code mitons1}; the bastion itself opens the connection to
 * {@code mitons2}, which sshd there sees coming from the bastion's address. Skipped, saying why,
 * when those hosts are absent.
 */
class NetnsMultiHopTests {

    static final String BASTION = "10.200.0.11";

    static final String FAR = "10.200.0.12";

    @Test
    void theBastionOpensTheHopToTheFarHost() throws Exception {
        Testbed testbed = Testbed.require();
        Path knownHosts = testbed.knownHosts.resolveSibling("known_hosts_netns");
        if (!Files.isReadable(knownHosts) || !answers(BASTION, testbed.port) || !answers(FAR, testbed.port)) {
            Testbed.skip("network namespace hosts absent: run 'bash ../shared/testbed/netns.sh up 2' as root");
        }
        String key = Files.readString(testbed.key);
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            Context bastion = router.ssh(SshOptions.builder(BASTION).port(testbed.port).username(testbed.keyUser)
                    .identityFile(testbed.key).knownHosts(knownHosts).sshConfig(false).build());
            // The bastion cannot read the master's key file: the key goes to it as text.
            Context far = router.ssh(SshOptions.builder(FAR).port(testbed.port).username(testbed.keyUser)
                    .identityKey(key, null).knownHosts(knownHosts).sshConfig(false).via(bastion).build());
            Context inside = router.local(LocalOptions.builder().via(far).build());
            assertThat(bastion.call(SshTasks::hostname)).isEqualTo("mitons1");
            assertThat(far.call(SshTasks::hostname)).isEqualTo("mitons2");
            assertThat(inside.call(SshTasks::hostname)).isEqualTo("mitons2");
            // sshd on mitons2 saw the connection come from the bastion, not from here (10.200.0.1).
            assertThat(far.call(SshTasks::env, "SSH_CONNECTION")).startsWith(BASTION + " ");
            assertThat(bastion.call(SshTasks::env, "SSH_CONNECTION")).startsWith("10.200.0.1 ");
            long[] pids = { bastion.pid(), far.pid(), inside.pid() };
            broker.close();
            for (long pid : pids) {
                await("remote JVM " + pid + " exits").atMost(Duration.ofSeconds(10))
                        .until(() -> ProcessHandle.of(pid).map((p) -> !p.isAlive()).orElse(true));
            }
        }
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
