package io.mitogen.test.sshd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared in-process server against MINA's own client: exec requests run as real processes,
 * with their output, error output, input and exit status, and nothing of theirs outlives a
 * lost connection.
 */
class InProcessSshdTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final String PASSWORD = "test-password";

    static KeyPair hostKey;

    static SshServer server;

    static SshClient client;

    ClientSession session;

    @BeforeAll
    static void start() throws Exception {
        hostKey = ecKey();
        server = InProcessSshd.server(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, password, session) -> PASSWORD.equals(password));
        server.start();
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> KeyUtils.compareKeys(key, hostKey.getPublic()));
        client.start();
    }

    @AfterAll
    static void stop() throws Exception {
        client.stop();
        server.stop(true);
        await("processes left behind").atMost(WAIT).until(() -> descendants().isEmpty());
    }

    @BeforeEach
    void connect() throws Exception {
        this.session = client.connect("anyone", "127.0.0.1", server.getPort()).verify(WAIT).getSession();
        this.session.addPasswordIdentity(PASSWORD);
        this.session.auth().verify(WAIT);
    }

    @AfterEach
    void disconnect() throws Exception {
        this.session.close();
    }

    @Test
    void listensOnLoopbackAtAFreePort() {
        assertThat(server.getHost()).isEqualTo("127.0.0.1");
        assertThat(server.getPort()).isPositive();
    }

    @Test
    void anExecRequestRunsAsAProcessWithItsOutputErrorOutputAndExitStatus() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec exec = this.session.createExecChannel("echo out; echo err >&2; exit 3")) {
            exec.setOut(out);
            exec.setErr(err);
            exec.open().verify(WAIT);
            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
            assertThat(exec.getExitStatus()).isEqualTo(3);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
    }

    @Test
    void theChannelsInputIsTheProcesssInputAndItsEndIsTheProcesssEnd() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] input = new byte[300_000];
        new java.util.Random(1).nextBytes(input);
        try (ChannelExec exec = this.session.createExecChannel("cat")) {
            exec.setIn(new ByteArrayInputStream(input));
            exec.setOut(out);
            exec.setErr(new ByteArrayOutputStream());
            exec.open().verify(WAIT);
            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
            assertThat(exec.getExitStatus()).isZero();
        }
        assertThat(out.toByteArray()).isEqualTo(input);
    }

    @Test
    void aLostConnectionKillsTheProcessAndWhatItStarted() throws Exception {
        ChannelExec exec = this.session.createExecChannel("sleep 600 & echo started; wait");
        java.io.PipedInputStream said = new java.io.PipedInputStream();
        exec.setOut(new java.io.PipedOutputStream(said));
        exec.setErr(new ByteArrayOutputStream());
        exec.open().verify(WAIT);
        // Once it said so, the sleep runs: a grandchild of this JVM.
        assertThat(new String(said.readNBytes("started\n".length()), StandardCharsets.UTF_8)).isEqualTo("started\n");
        List<ProcessHandle> started = ProcessHandle.current().descendants().collect(Collectors.toList());
        assertThat(started).anyMatch((p) -> p.info().commandLine().orElse("").contains("sleep 600"));
        this.session.close(true);
        // Each by its handle: a grandchild whose parent died alone would no longer be a descendant.
        await("the command and its sleep are killed").atMost(WAIT)
                .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void droppingAllConnectionsClosesEverySession() throws Exception {
        ClientSession other = client.connect("anyone", "127.0.0.1", server.getPort()).verify(WAIT).getSession();
        other.addPasswordIdentity(PASSWORD);
        other.auth().verify(WAIT);
        await().atMost(WAIT).until(() -> server.getActiveSessions().size() >= 2);
        InProcessSshd.dropAllConnections(server);
        await("both sessions closed").atMost(WAIT).until(() -> this.session.isClosed() && other.isClosed());
    }

    @Test
    void theKnownHostsLineNamesLoopbackThePortAndTheKey() {
        String line = InProcessSshd.knownHostsLine(2222, hostKey.getPublic());
        assertThat(line).startsWith("[127.0.0.1]:2222 ecdsa-sha2-nistp256 AAAA");
        assertThat(line).doesNotContain("\n");
    }

    @Test
    void aPrivateKeyIsWrittenInOpenSshsFormatPlainOrEncrypted(@TempDir Path dir) throws Exception {
        KeyPair pair = ecKey();
        Path plain = InProcessSshd.writePrivateKey(dir.resolve("plain"), pair, null);
        Path encrypted = InProcessSshd.writePrivateKey(dir.resolve("encrypted"), pair, "a passphrase");
        assertThat(Files.readString(plain)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(Files.readString(encrypted)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----")
                .isNotEqualTo(Files.readString(plain));
        assertThat(KeyUtils.compareKeys(load(plain, null).getPublic(), pair.getPublic())).isTrue();
        assertThat(KeyUtils.compareKeys(load(encrypted, "a passphrase").getPublic(), pair.getPublic())).isTrue();
    }

    private static KeyPair load(Path file, String passphrase) {
        FileKeyPairProvider provider = new FileKeyPairProvider(file);
        if (passphrase != null) {
            provider.setPasswordFinder(FilePasswordProvider.of(passphrase));
        }
        return provider.loadKeys(null).iterator().next();
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static List<String> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map((p) -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.toList());
    }
}
