package io.mitogen.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.testing.LibraryTasks;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.SshTasks;
import io.mitogen.core.testing.Tasks;
import io.mitogen.core.testing.TestSshServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Child JVMs bootstrapped over real ssh connections to an in-process Apache MINA SSHD server
 * (its exec channel runs {@code /bin/sh -c}, as sshd does), with every way of logging in.
 */
class SshContextTests {

    @TempDir
    static Path dir;

    static TestSshServer server;

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    static Context ssh;

    @BeforeAll
    static void start() {
        // Closed after the broker: its children are asked to stop before their connections go.
        server = mitogen.closeAfterBroker(TestSshServer.start(dir));
        router = mitogen.router();
        ssh = router.ssh(options().identityFile(server.clientKey()).build());
    }

    /** The server as the acceptance shape names it, without reading this machine's ~/.ssh/config. */
    static SshOptions.Builder options() {
        return SshOptions.builder("127.0.0.1").port(server.port()).username(System.getProperty("user.name"))
                .knownHosts(server.knownHosts()).sshConfig(false).connectTimeout(Duration.ofSeconds(30));
    }

    @Test
    void callsAStaticMethodInAJvmStartedOverSsh() {
        assertThat(ssh.call(Tasks::add, 2, 3)).isEqualTo(5);
        long pid = ssh.call(Tasks::pid);
        assertThat(pid).isEqualTo(ssh.pid()).isNotEqualTo(ProcessHandle.current().pid());
        // The in-process server runs the command here, so the remote JVM is one of ours.
        assertThat(ProcessHandle.current().descendants().anyMatch((p) -> p.pid() == pid)).isTrue();
        assertThat(ssh.name()).isEqualTo("ssh." + pid);
        assertThat(ssh.javaVersion()).isEqualTo(System.getProperty("java.version"));
    }

    @Test
    void theLinkIsEncryptedWithAesGcmWhichTheJdkAccelerates() {
        // MINA would pick chacha20-poly1305 first, which it computes in plain Java: a third of
        // the bulk rate against OpenSSH here.
        assertThat(ssh.call(Tasks::add, 1, 1)).isEqualTo(2);
        assertThat(server.ciphersNegotiated()).isNotEmpty().allSatisfy((cipher) -> assertThat(cipher).contains("-gcm@"));
    }

    @Test
    void theChildShowsItsNameInPs() {
        Context named = router.ssh(options().identityFile(server.clientKey()).remoteName("web-7").build());
        assertThat(named.name()).isEqualTo("web-7");
        assertThat(named.call(Tasks::command)).contains("io.mitogen.core.internal.firststage.Stage1 web-7");
        assertThat(ssh.call(Tasks::command)).contains("Stage1 mitogen:" + System.getProperty("user.name") + "@");
        named.shutdown();
    }

    @Test
    void aLibraryTasksFirstCallOverSshCostsNoRoundTrip() throws Exception {
        // Over a network every round trip counts: the task's class and the library it calls,
        // from another jar, come in one answer offered with the call.
        Context fresh = router.ssh(options().identityFile(server.clientKey()).build());
        assertThat(fresh.call(LibraryTasks::useLibrary, "mitogen")).isEqualTo(LibraryTasks.useLibrary("mitogen"));
        ClassLoadingStats stats = fresh.classLoading();
        assertThat(stats.roundTrips()).as("%s", stats).isZero();
        assertThat(stats.classesServed()).as("%s", stats).isGreaterThanOrEqualTo(50)
                .isEqualTo(stats.classesPreloaded());
        fresh.shutdown();
    }

    @Test
    void aKeyLoginSignsAtOnceWithoutAskingFirst() {
        // Asking whether the server would take the key costs a round trip of every connect.
        int before = server.keyChecks();
        Context key = router.ssh(options().identityFile(server.clientKey()).build());
        assertThat(server.keyChecks() - before).as("key checks for one login").isEqualTo(1);
        key.shutdown();
    }

    @Test
    void logsInWithAPassword() {
        int before = server.passwordAttempts();
        Context pw = router.ssh(options().password(TestSshServer.PASSWORD).build());
        assertThat(pw.call(Tasks::add, 1, 1)).isEqualTo(2);
        assertThat(server.passwordAttempts()).isGreaterThan(before);
        pw.shutdown();
    }

    @Test
    void logsInWithAnEncryptedKeyAndItsPassphrase() {
        Context key = router.ssh(options().identityFile(server.encryptedClientKey(), TestSshServer.PASSPHRASE).build());
        assertThat(key.call(Tasks::add, 1, 2)).isEqualTo(3);
        key.shutdown();
    }

    @Test
    void logsInWithAKeyGivenAsText() throws Exception {
        Context key = router.ssh(options().identityKey(Files.readString(server.clientKey()), null).build());
        assertThat(key.call(Tasks::add, 2, 2)).isEqualTo(4);
        key.shutdown();
    }

    @Test
    void compressionCarriesTheSameBytes() {
        Context zipped = router.ssh(options().identityFile(server.clientKey()).compression(true).build());
        byte[] data = new byte[3 * 1024 * 1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 251);
        }
        assertThat(zipped.call(Tasks::echo, data)).isEqualTo(data);
        assertThat(zipped.call(SshTasks::length, data)).isEqualTo(data.length);
        zipped.shutdown();
    }

    @Test
    void readsHostAliasPortUserAndIdentityFromAnSshConfig() throws Exception {
        Path config = dir.resolve("ssh_config");
        Files.writeString(config, "Host web-alias\n  HostName 127.0.0.1\n  Port " + server.port() + "\n  User "
                + System.getProperty("user.name") + "\n  IdentityFile " + server.clientKey() + "\n");
        Context aliased = router.ssh(SshOptions.builder("web-alias").sshConfig(config).knownHosts(server.knownHosts()).build());
        assertThat(aliased.call(Tasks::add, 3, 4)).isEqualTo(7);
        assertThat(aliased.call(SshTasks::user)).isEqualTo(System.getProperty("user.name"));
        aliased.shutdown();
    }

    @Test
    void shutdownStopsTheRemoteJvmAndClosesTheConnection() {
        Context once = router.ssh(options().identityFile(server.clientKey()).build());
        long pid = once.pid();
        once.shutdown();
        assertThat(once.isConnected()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map((p) -> !p.isAlive()).orElse(true));
    }

    @Test
    void optionsNeverShowSecrets() {
        SshOptions options = options().password(TestSshServer.PASSWORD)
                .identityFile(server.encryptedClientKey(), TestSshServer.PASSPHRASE)
                .identityKey("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----", null).build();
        assertThat(options.toString()).doesNotContain(TestSshServer.PASSWORD, TestSshServer.PASSPHRASE, "AAAA")
                .contains("password=******", "127.0.0.1:" + server.port(), "passphrase ******", "key ******");
        assertThat(options.password().toString()).isEqualTo("******");
    }
}
