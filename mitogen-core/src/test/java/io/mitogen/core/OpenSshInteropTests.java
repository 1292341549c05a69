package io.mitogen.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.testing.SshTasks;
import io.mitogen.core.testing.Tasks;
import io.mitogen.core.testing.Testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Against a real OpenSSH sshd and real users (the shared test bed on 127.0.0.1:2222, set up by
 * {@code .ci/run}): the acceptance shapes, PAM password and keyboard-interactive logins, the
 * failures in OpenSSH's own words, hops, and a lost connection. Skipped, saying why, when the
 * test bed is absent. The remote JVMs are children of sshd, not of this JVM, so each test checks
 * itself that they are gone.
 */
class OpenSshInteropTests {

    @TempDir
    static Path dir;

    static Testbed testbed;

    static Broker broker;

    static Router router;

    static Context web;

    static final List<Long> remotePids = new ArrayList<>();

    @BeforeAll
    static void start() {
        testbed = Testbed.require();
        broker = new Broker();
        router = new Router(broker);
        // The acceptance shape, as it is written in the issue.
        web = router.ssh(SshOptions.builder(testbed.host).port(testbed.port).username(testbed.keyUser)
                .identityFile(Path.of(testbed.key.toString())).knownHosts(Path.of(testbed.knownHosts.toString())).build());
        remotePids.add(web.pid());
    }

    @AfterAll
    static void stop() {
        if (broker == null) {
            return;
        }
        broker.close();
        for (long pid : remotePids) {
            await("remote JVM " + pid + " exits").atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.of(pid).map((p) -> !p.isAlive()).orElse(true));
        }
    }

    static SshOptions.Builder key() {
        return SshOptions.builder(testbed.host).port(testbed.port).username(testbed.keyUser).identityFile(testbed.key)
                .knownHosts(testbed.knownHosts).sshConfig(false);
    }

    @Test
    void keyLoginRunsAsTheRemoteUser() {
        assertThat(web.call(SshTasks::user)).isEqualTo(testbed.keyUser);
        assertThat(web.call(Tasks::add, 40, 2)).isEqualTo(42);
        // A real sshd started it: its parent is sshd's session process, not this JVM.
        assertThat(ProcessHandle.of(web.pid()).flatMap(ProcessHandle::parent).flatMap((p) -> p.info().command()))
                .hasValueSatisfying((command) -> assertThat(command).contains("sshd"));
    }

    @Test
    void passwordLoginWithAcceptNewWritesTheKnownHostsFile() throws Exception {
        Path knownHosts = dir.resolve("accept_new_known_hosts");
        Context pw = router.ssh(SshOptions.builder(testbed.host).port(testbed.port).username(testbed.passwordUser)
                .password(testbed.password).hostKeyPolicy(HostKeyPolicy.ACCEPT_NEW).connectTimeout(Duration.ofSeconds(10))
                .knownHosts(knownHosts).sshConfig(false).build());
        remotePids.add(pw.pid());
        assertThat(pw.call(SshTasks::user)).isEqualTo(testbed.passwordUser);
        String written = Files.readString(knownHosts);
        String expectedKey = Files.readString(testbed.knownHosts).trim().split("\\s+")[2];
        assertThat(written).contains("[" + testbed.host + "]:" + testbed.port).contains("ssh-ed25519").contains(expectedKey);
        pw.shutdown();
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailureWithinTheTimeout() {
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> router.ssh(SshOptions.builder(testbed.host).port(testbed.port)
                .username(testbed.passwordUser).password("not-" + testbed.password).knownHosts(testbed.knownHosts)
                .sshConfig(false).connectTimeout(Duration.ofSeconds(20)).build()));
        assertThat(thrown).isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining(testbed.passwordUser + "@" + testbed.host + ":" + testbed.port)
                .hasMessageNotContaining(testbed.password);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aKeyForAnotherUserIsAnAuthenticationFailure() {
        // mitopw has no key installed.
        assertThatThrownBy(() -> router.ssh(key().username(testbed.passwordUser).build()))
                .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("publickey");
    }

    @Test
    void unknownHostKeyNamesTheFingerprintThatSshKeygenPrints() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        Throwable thrown = catchThrowable(() -> router.ssh(key().knownHosts(empty).build()));
        assertThat(thrown).isInstanceOf(UnknownHostKeyException.class);
        String fingerprint = sshKeygenFingerprint(testbed.knownHosts);
        assertThat(((HostKeyException) thrown).fingerprint()).isEqualTo(fingerprint);
        assertThat(thrown).hasMessageContaining("[" + testbed.host + "]:" + testbed.port).hasMessageContaining(fingerprint)
                .hasMessageContaining("ssh-ed25519");
    }

    @Test
    void aChangedHostKeyIsRefused() throws Exception {
        KeyPair impostor = KeyUtils.generateKeyPair("ssh-ed25519", 256);
        Path changed = Files.writeString(dir.resolve("changed_known_hosts"), "[" + testbed.host + "]:" + testbed.port + " "
                + PublicKeyEntry.toString(impostor.getPublic()) + "\n");
        Throwable thrown = catchThrowable(() -> router.ssh(key().knownHosts(changed).build()));
        assertThat(thrown).isInstanceOf(HostKeyMismatchException.class).hasMessageContaining("HAS CHANGED")
                .hasMessageContaining(sshKeygenFingerprint(testbed.knownHosts));
    }

    @Test
    void noJavaThereCarriesTheRemoteShellsWords() {
        Throwable thrown = catchThrowable(() -> router.ssh(key().javaPath("/nonexistent/java")
                .connectTimeout(Duration.ofSeconds(10)).build()));
        assertThat(thrown).isInstanceOf(JavaNotFoundException.class).hasMessageContaining("exit status 127")
                .hasMessageContaining("/nonexistent/java: not found");
    }

    @Test
    void hopsThroughTheRemoteUser() throws Exception {
        // mitotest opens the next connection itself, on its own: with a password, and with a key of
        // this machine that it cannot read, sent as text.
        Context pw = router.ssh(SshOptions.builder(testbed.host).port(testbed.port).username(testbed.passwordUser)
                .password(testbed.password).knownHosts(testbed.knownHosts).sshConfig(false).via(web).build());
        remotePids.add(pw.pid());
        assertThat(pw.call(SshTasks::user)).isEqualTo(testbed.passwordUser);
        assertThat(pw.call(Tasks::parentPid)).isNotEqualTo(web.pid());
        Context again = router.ssh(SshOptions.builder(testbed.host).port(testbed.port).username(testbed.keyUser)
                .identityKey(Files.readString(testbed.key), null).knownHosts(testbed.knownHosts).sshConfig(false)
                .via(pw).build());
        remotePids.add(again.pid());
        Context local = router.local(LocalOptions.builder().via(again).build());
        remotePids.add(local.pid());
        assertThat(local.call(SshTasks::user)).isEqualTo(testbed.keyUser);
        assertThat(local.call(Tasks::parentPid)).isEqualTo(again.pid());
        pw.shutdown();
        assertThat(again.isConnected()).isFalse();
        assertThat(local.isConnected()).isFalse();
    }

    @Test
    void killingSshdsSessionProcessDisconnectsAndTheRemoteJvmExits() {
        Context doomed = router.ssh(key().build());
        Context below = router.local(LocalOptions.builder().via(doomed).build());
        long pid = doomed.pid();
        long belowPid = below.pid();
        Receiver<String> waiting = below.callAsync(Tasks::sleepThenSay, 60_000L, "never");
        ProcessHandle session = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).orElseThrow();
        assertThat(session.info().command()).hasValueSatisfying((command) -> assertThat(command).contains("sshd"));
        session.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !doomed.isConnected() && !below.isConnected());
        assertThatThrownBy(() -> waiting.get(Duration.ofSeconds(5))).isInstanceOf(ContextDisconnectedException.class);
        for (long remote : new long[] { pid, belowPid }) {
            await("remote JVM " + remote + " exits").atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.of(remote).map((p) -> !p.isAlive()).orElse(true));
        }
    }

    @Test
    void unansweredKeepalivesCountAsALostConnection() throws Exception {
        Context frozen = router.ssh(key().keepAliveInterval(Duration.ofMillis(500)).keepAliveCountMax(2).build());
        long pid = frozen.pid();
        ProcessHandle session = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).orElseThrow();
        // A stopped sshd keeps the TCP connection open and answers nothing: a dead network, as seen from here.
        new ProcessBuilder("kill", "-STOP", String.valueOf(session.pid())).start().waitFor();
        try {
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(15)).until(() -> !frozen.isConnected());
            System.out.println("keepalive: lost after " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        }
        finally {
            session.destroyForcibly();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map((p) -> !p.isAlive()).orElse(true));
    }

    @Test
    void shutdownDoesNotWaitForTheJvmToExitFirst() {
        // sshd reports the end of output only after stdout and stderr both ended, and MINA ends
        // its streams only at channel close: both are handled, or each shutdown costs a second.
        // The fastest of three, so that one slow moment of a busy machine does not fail it, while
        // the lost second it guards against would show in every one.
        Duration fastest = null;
        for (int i = 0; i < 3; i++) {
            Context quick = router.ssh(key().build());
            long pid = quick.pid();
            long start = System.nanoTime();
            quick.shutdown();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            fastest = (fastest == null || took.compareTo(fastest) < 0) ? took : fastest;
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map((p) -> !p.isAlive()).orElse(true));
        }
        assertThat(fastest).isLessThan(Duration.ofMillis(900));
    }

    /** The SHA-256 fingerprint that OpenSSH's own ssh-keygen prints for the first key of a known hosts file. */
    private static String sshKeygenFingerprint(Path knownHosts) throws Exception {
        Process keygen = new ProcessBuilder("ssh-keygen", "-l", "-f", knownHosts.toString()).redirectErrorStream(true).start();
        String out = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        keygen.waitFor();
        Matcher m = Pattern.compile("(SHA256:\\S+)").matcher(out);
        assertThat(m.find()).as("ssh-keygen said: " + out).isTrue();
        return m.group(1);
    }
}
