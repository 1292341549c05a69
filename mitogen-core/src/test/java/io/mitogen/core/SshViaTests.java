package io.mitogen.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.SshTasks;
import io.mitogen.core.testing.Tasks;
import io.mitogen.core.testing.TestSshServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code via}: the ssh connection is opened by another context, which gets the ssh transport and
 * Apache MINA SSHD from its parent by remote class loading (they are not in the core bundle),
 * mixed with {@code local} in every order and to any depth.
 */
class SshViaTests {

    @TempDir
    static Path dir;

    static TestSshServer server;

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    static Context local;

    static Context ssh;

    @BeforeAll
    static void start() {
        // Closed after the broker: its children are asked to stop before their connections go.
        server = mitogen.closeAfterBroker(TestSshServer.start(dir));
        router = mitogen.router();
        local = router.local();
        ssh = router.ssh(options().build());
    }

    static SshOptions.Builder options() {
        return SshOptions.builder("127.0.0.1").port(server.port()).username(System.getProperty("user.name"))
                .identityFile(server.clientKey()).knownHosts(server.knownHosts()).sshConfig(false)
                .connectTimeout(Duration.ofSeconds(30));
    }

    @Test
    void localThenSsh() {
        Context hop = router.local();
        assertThat(router.classLoadingStats(hop).classesServed()).as("a fresh child has no MINA").isZero();
        Context far = router.ssh(options().via(hop).build());
        assertThat(far.via()).isSameAs(hop);
        assertThat(far.call(Tasks::add, 20, 22)).isEqualTo(42);
        assertThat(far.call(Tasks::parentPid)).isNotEqualTo(hop.pid());
        // The hop fetched the ssh transport and MINA from here to open the connection.
        ClassLoadingStats stats = router.classLoadingStats(hop);
        assertThat(stats.classesServed()).isGreaterThan(300);
        System.out.println("ssh transport fetched by a hop: " + stats);
        // No BouncyCastle anywhere here: MINA in the hop asked for it, was told no, and uses the
        // JDK's providers, with Ed25519 from net.i2p eddsa (sent like the rest).
        assertThat(hop.call(SshTasks::minaSecurity)).isEqualTo("bouncycastle=false eddsa=true");
        hop.shutdown();
        assertThat(far.isConnected()).isFalse();
    }

    @Test
    void sshThenLocal() {
        Context near = router.local(LocalOptions.builder().via(ssh).build());
        assertThat(near.call(Tasks::parentPid)).isEqualTo(ssh.pid());
        assertThat(near.call(Tasks::add, 1, 2)).isEqualTo(3);
        near.shutdown();
    }

    @Test
    void sshThenSshThenSshThenLocal() {
        Context second = router.ssh(options().remoteName("hop-2").via(ssh).build());
        Context third = router.ssh(options().remoteName("hop-3").via(second).build());
        Context fourth = router.local(LocalOptions.builder().remoteName("hop-4").via(third).build());
        assertThat(fourth.call(Tasks::add, 2, 2)).isEqualTo(4);
        assertThat(fourth.call(Tasks::parentPid)).isEqualTo(third.pid());
        assertThat(third.call(Tasks::command)).contains("Stage1 hop-3");
        assertThat(second.isConnected()).isTrue();
        // Stopping the middle stops what is beneath it.
        second.shutdown();
        assertThat(third.isConnected()).isFalse();
        assertThat(fourth.isConnected()).isFalse();
    }

    @Test
    void aKeyGivenAsTextTravelsToTheHop() throws Exception {
        Context far = router.ssh(SshOptions.builder("127.0.0.1").port(server.port()).username("deploy")
                .identityKey(Files.readString(server.clientKey()), null).knownHosts(server.knownHosts()).sshConfig(false)
                .via(local).build());
        assertThat(far.call(Tasks::add, 5, 5)).isEqualTo(10);
        far.shutdown();
    }

    @Test
    void failuresThroughAHopKeepTheirType() throws Exception {
        Throwable auth = catchThrowable(() -> router.ssh(options().identityFile(server.dir().resolve("absent"))
                .password("wrong").via(local).build()));
        assertThat(auth).isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("via " + local);

        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        Throwable unknown = catchThrowable(() -> router.ssh(options().knownHosts(empty).via(ssh).build()));
        assertThat(unknown).isInstanceOf(UnknownHostKeyException.class).hasMessageContaining(server.fingerprint());
        assertThat(((HostKeyException) unknown).fingerprint()).isEqualTo(server.fingerprint());
        assertThat(((HostKeyException) unknown).host()).isEqualTo("[127.0.0.1]:" + server.port());

        Throwable noJava = catchThrowable(() -> router.ssh(options().javaPath("/nonexistent/java").via(ssh).build()));
        assertThat(noJava).isInstanceOf(JavaNotFoundException.class).hasMessageContaining("not found");

        // Two hops up, the type survives each relay.
        Context second = router.local(LocalOptions.builder().via(ssh).build());
        Throwable deep = catchThrowable(() -> router.ssh(options().knownHosts(empty).via(second).build()));
        assertThat(deep).isInstanceOf(UnknownHostKeyException.class);
        second.shutdown();
    }
}
