package io.mitogen.core;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Peers;
import io.mitogen.core.testing.Tasks;
import io.mitogen.core.testing.TestSshServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every way an ssh connection fails is its own exception, says why in the transport's words,
 * arrives within the connect timeout, and never shows a secret.
 */
class SshFailureTests {

    @TempDir
    static Path dir;

    static TestSshServer server;

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    @BeforeAll
    static void start() {
        // Closed after the broker: its children are asked to stop before their connections go.
        server = mitogen.closeAfterBroker(TestSshServer.start(dir));
        router = mitogen.router();
    }

    static SshOptions.Builder options() {
        return SshOptions.builder("127.0.0.1").port(server.port()).username("deploy").knownHosts(server.knownHosts())
                .sshConfig(false).connectTimeout(Duration.ofSeconds(10));
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailure() {
        Throwable thrown = timed(Duration.ofSeconds(10), () -> router.ssh(options().password("not-the-password").build()));
        assertThat(thrown).isInstanceOf(AuthenticationFailedException.class).isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("deploy@127.0.0.1:" + server.port())
                .hasMessageContaining("password")
                .hasMessageContaining("check the user name, that the user's ~/.ssh/authorized_keys")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void aKeyTheServerDoesNotKnowIsAnAuthenticationFailure() throws Exception {
        KeyPair other = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        Path key = dir.resolve("other_key");
        try (var out = Files.newOutputStream(key)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(other, "other", null, out);
        }
        Throwable thrown = timed(Duration.ofSeconds(10), () -> router.ssh(options().identityFile(key).build()));
        assertThat(thrown).isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("publickey (1 key)")
                .hasMessageContaining("deploy@127.0.0.1:" + server.port())
                .hasMessageContaining("authorized_keys there has the public key");
    }

    @Test
    void aWrongPassphraseSaysSoWithoutShowingIt() {
        Throwable thrown = timed(Duration.ofSeconds(10),
                () -> router.ssh(options().identityFile(server.encryptedClientKey(), "wrong-Pa55phrase").build()));
        assertThat(thrown).isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining(server.encryptedClientKey().toString())
                .hasMessageContaining("deploy@127.0.0.1:" + server.port())
                .hasMessageContaining("check the passphrase (not shown here)")
                .hasMessageNotContaining("wrong-Pa55phrase");
        Throwable none = timed(Duration.ofSeconds(10),
                () -> router.ssh(options().identityFile(server.encryptedClientKey()).build()));
        assertThat(none).isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining(server.encryptedClientKey() + " on " + Peers.hostname())
                .hasMessageContaining("give its passphrase with identityFile(file, passphrase)");
    }

    @Test
    void aMissingIdentityFileIsNamed() {
        Path missing = dir.resolve("no-such-key");
        assertThatThrownBy(() -> router.ssh(options().identityFile(missing).build()))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining(missing + " does not exist on " + Peers.hostname())
                .hasMessageContaining("check the path, or pass the key itself with identityKey(");
    }

    @Test
    void aKeyGivenAsTextThatIsNotAKeySaysWhatToGiveWithoutShowingIt() {
        assertThatThrownBy(() -> router.ssh(options().identityKey("not-a-private-key-Xy7", null).build()))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("deploy@127.0.0.1:" + server.port())
                .hasMessageContaining("cannot use the identity key given as text with identityKey(...)")
                .hasMessageContaining("if it is encrypted, give its passphrase as the second argument")
                .hasMessageNotContaining("not-a-private-key-Xy7");
    }

    @Test
    void aDirectoryGivenAsIdentityFileIsNamed() {
        assertThatThrownBy(() -> router.ssh(options().identityFile(dir).build()))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("deploy@127.0.0.1:" + server.port())
                .hasMessageContaining(dir + " on " + Peers.hostname() + " is a directory")
                .hasMessageContaining("name the key file itself (e.g. " + dir.resolve("id_ed25519") + ")");
    }

    @Test
    void aMissingSshConfigFileIsNamed() {
        Path missing = dir.resolve("no-such-config");
        assertThatThrownBy(() -> router.ssh(options().sshConfig(missing).identityFile(server.clientKey()).build()))
                .isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("ssh to 127.0.0.1")
                .hasMessageContaining(missing + " does not exist on " + Peers.hostname())
                .hasMessageContaining("check the path");
    }

    @Test
    void anSshConfigThatCannotBeReadIsNamed() {
        assertThatThrownBy(() -> router.ssh(options().sshConfig(dir).identityFile(server.clientKey()).build()))
                .isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("ssh to 127.0.0.1: cannot read the ssh config " + dir + " on " + Peers.hostname())
                .hasMessageContaining("fix the file, or connect without it with sshConfig(false)");
    }

    @Test
    void nothingToLogInWithSaysWhereKeysWereLookedFor() throws Exception {
        Path home = Files.createDirectories(dir.resolve("empty-home"));
        Context hop = router.local(LocalOptions.builder().jvmArgs("-Duser.home=" + home).build());
        try {
            Throwable thrown = timed(Duration.ofSeconds(20), () -> router.ssh(options().via(hop).build()));
            assertThat(thrown).isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("deploy@127.0.0.1:" + server.port())
                    .hasMessageContaining("nothing to log in with")
                    .hasMessageContaining(home.resolve(".ssh") + " of user " + System.getProperty("user.name") + " on "
                            + Peers.hostname())
                    .hasMessageContaining("give one with password(...), identityFile(...) or identityKey(...)");
            assertThat(hop.call(Tasks::add, 1, 1)).as("the via context lives on").isEqualTo(2);
        }
        finally {
            hop.shutdown();
        }
    }

    @Test
    void aJvmOptionJavaRefusesOverSshNamesTheHostAndTheOption() {
        Throwable thrown = timed(Duration.ofSeconds(20), () -> router.ssh(options().identityFile(server.clientKey())
                .jvmArgs("-XX:+NoSuchMitogenFlag").build()));
        assertThat(thrown).isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("deploy@127.0.0.1:" + server.port())
                .hasMessageContaining("failed to start")
                .hasMessageContaining("NoSuchMitogenFlag")
                .hasMessageContaining("a JVM option in jvmArgs(...) it refuses");
    }

    @Test
    void anUnresolvableHostNameSaysSo() {
        Throwable thrown = timed(Duration.ofSeconds(15), () -> router.ssh(SshOptions.builder("no-such-host.invalid")
                .port(server.port()).username("deploy").identityFile(server.clientKey()).knownHosts(server.knownHosts())
                .sshConfig(false).connectTimeout(Duration.ofSeconds(10)).build()));
        assertThat(thrown).isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("deploy@no-such-host.invalid:" + server.port())
                .hasMessageContaining("unknown host 'no-such-host.invalid': the name does not resolve on "
                        + Peers.hostname())
                .hasMessageContaining("check its spelling");
    }

    @Test
    void unknownHostKeyUnderEnforceNamesTheHostAndFingerprint() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        Throwable thrown = timed(Duration.ofSeconds(10),
                () -> router.ssh(options().identityFile(server.clientKey()).knownHosts(empty).build()));
        assertThat(thrown).isInstanceOf(UnknownHostKeyException.class).isInstanceOf(HostKeyException.class)
                .hasMessageContaining("[127.0.0.1]:" + server.port())
                .hasMessageContaining(server.fingerprint())
                .hasMessageContaining("ecdsa-sha2-nistp256")
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("check the fingerprint, then add the key, or connect once with ACCEPT_NEW");
        HostKeyException hostKey = (HostKeyException) thrown;
        assertThat(hostKey.host()).isEqualTo("[127.0.0.1]:" + server.port());
        assertThat(hostKey.fingerprint()).isEqualTo(server.fingerprint()).startsWith("SHA256:");
    }

    @Test
    void aMissingKnownHostsFileMeansUnknownUnderEnforce() {
        Path none = dir.resolve("no_known_hosts");
        assertThatThrownBy(() -> router.ssh(options().identityFile(server.clientKey()).knownHosts(none).build()))
                .isInstanceOf(UnknownHostKeyException.class);
        assertThat(none).doesNotExist();
    }

    @Test
    void aChangedHostKeyIsRefusedUnderEnforceAndAcceptNew() throws Exception {
        KeyPair impostor = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        Path changed = Files.writeString(dir.resolve("changed_known_hosts"),
                "[127.0.0.1]:" + server.port() + " " + PublicKeyEntry.toString(impostor.getPublic()) + "\n");
        for (HostKeyPolicy policy : List.of(HostKeyPolicy.ENFORCE, HostKeyPolicy.ACCEPT_NEW)) {
            Throwable thrown = timed(Duration.ofSeconds(10), () -> router.ssh(options().identityFile(server.clientKey())
                    .knownHosts(changed).hostKeyPolicy(policy).build()));
            assertThat(thrown).as(policy.name()).isInstanceOf(HostKeyMismatchException.class)
                    .hasMessageContaining("HAS CHANGED")
                    .hasMessageContaining(server.fingerprint())
                    .hasMessageContaining(KeyUtils.getFingerPrint(impostor.getPublic()))
                    .hasMessageContaining("[127.0.0.1]:" + server.port())
                    .hasMessageContaining("remove the old key from " + changed);
        }
        assertThat(Files.readAllLines(changed)).hasSize(1);
    }

    @Test
    void acceptNewAddsTheKeyThenEnforceAcceptsIt() throws Exception {
        Path fresh = dir.resolve("fresh_known_hosts");
        Context first = router.ssh(options().identityFile(server.clientKey()).knownHosts(fresh)
                .hostKeyPolicy(HostKeyPolicy.ACCEPT_NEW).build());
        assertThat(first.call(Tasks::add, 1, 1)).isEqualTo(2);
        assertThat(Files.readString(fresh)).contains("[127.0.0.1]:" + server.port())
                .contains(server.knownHostsLine().split(" ")[2]);
        Context second = router.ssh(options().identityFile(server.clientKey()).knownHosts(fresh).build());
        assertThat(second.call(Tasks::add, 2, 2)).isEqualTo(4);
        first.shutdown();
        second.shutdown();
    }

    @Test
    void ignoreAcceptsAnyKeyAndWritesNothing() {
        Path none = dir.resolve("ignored_known_hosts");
        Context any = router.ssh(options().identityFile(server.clientKey()).knownHosts(none)
                .hostKeyPolicy(HostKeyPolicy.IGNORE).build());
        assertThat(any.call(Tasks::add, 1, 2)).isEqualTo(3);
        assertThat(none).doesNotExist();
        any.shutdown();
    }

    @Test
    void aClosedPortIsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        int closed = port;
        Throwable thrown = timed(Duration.ofSeconds(10),
                () -> router.ssh(options().port(closed).identityFile(server.clientKey()).build()));
        assertThat(thrown).isInstanceOf(ConnectionRefusedException.class)
                .hasMessageContaining("127.0.0.1:" + closed)
                .hasMessageContaining("refused")
                .hasMessageContaining("Connection refused")
                .hasMessageContaining("check the port (port(...) or Port in ~/.ssh/config) and that sshd runs there");
    }

    @Test
    void aServerThatNeverSpeaksTimesOutWithinTheConnectTimeout() throws Exception {
        // The kernel completes the TCP handshake for a listening socket; nobody ever answers.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            Throwable thrown = timed(Duration.ofSeconds(2), () -> router.ssh(options().port(silent.getLocalPort())
                    .identityFile(server.clientKey()).connectTimeout(Duration.ofSeconds(2)).build()));
            assertThat(thrown).isInstanceOf(ConnectTimeoutException.class).hasMessageContaining("PT2S")
                    .hasMessageContaining("127.0.0.1:" + silent.getLocalPort())
                    .hasMessageContaining("raise connectTimeout(...)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
        }
    }

    @Test
    void noJavaThereIsJavaNotFoundWithTheRemoteShellsWords() {
        Throwable thrown = timed(Duration.ofSeconds(10), () -> router.ssh(options().identityFile(server.clientKey())
                .javaPath("/nonexistent/java").build()));
        assertThat(thrown).isInstanceOf(JavaNotFoundException.class)
                .hasMessageContaining("exit status 127")
                .hasMessageContaining("deploy@127.0.0.1:" + server.port())
                .hasMessageContaining("/nonexistent/java")
                .hasMessageContaining("not found")
                .hasMessageContaining("install Java 11 or later there, or point the options' javaPath(...)");
    }

    @Test
    void noSecretReachesAnyLogOrException() throws Exception {
        Recorder recorder = new Recorder();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        Logger forwarded = (Logger) LoggerFactory.getLogger("mitogen.ctx");
        Level forwardedBefore = forwarded.getLevel();
        recorder.start();
        // Records go to the recorder only, not to the console, while everything is at DEBUG.
        ch.qos.logback.core.Appender<ILoggingEvent> console = root.getAppender("CONSOLE");
        if (console != null) {
            root.detachAppender(console);
        }
        root.addAppender(recorder);
        forwarded.addAppender(recorder);
        root.setLevel(Level.DEBUG);
        forwarded.setLevel(Level.DEBUG);
        try {
            router.refreshLogLevels();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            failures.add(catchThrowable(() -> router.ssh(options().password("Wr0ng-" + TestSshServer.PASSWORD).build())));
            failures.add(catchThrowable(() -> router.ssh(options().identityFile(server.encryptedClientKey(),
                    "Wr0ng-" + TestSshServer.PASSPHRASE).build())));
            Context good = router.ssh(options().password(TestSshServer.PASSWORD)
                    .identityFile(server.encryptedClientKey(), TestSshServer.PASSPHRASE).build());
            Context local = router.local();
            // Through a hop the secrets travel to the hop (its own parent's), never into its logs.
            Context viaGood = router.ssh(options().password(TestSshServer.PASSWORD).via(local).build());
            failures.add(catchThrowable(() -> router.ssh(options().password("Wr0ng-" + TestSshServer.PASSWORD)
                    .via(local).build())));
            assertThat(viaGood.call(Tasks::add, 1, 1)).isEqualTo(2);
            assertThat(good.call(Tasks::add, 1, 1)).isEqualTo(2);
            viaGood.shutdown();
            good.shutdown();
            local.shutdown();
            assertThat(failures).hasSize(3).allSatisfy((ex) -> assertThat(ex).isInstanceOf(ConnectFailedException.class));
            for (Throwable failure : failures) {
                assertThat(everything(failure)).doesNotContain(TestSshServer.PASSWORD, TestSshServer.PASSPHRASE);
            }
        }
        finally {
            root.detachAppender(recorder);
            if (console != null) {
                root.addAppender(console);
            }
            forwarded.detachAppender(recorder);
            root.setLevel(before);
            forwarded.setLevel(forwardedBefore);
            router.refreshLogLevels();
        }
        assertThat(recorder.events).as("debug records were written").hasSizeGreaterThan(20);
        assertThat(recorder.events).anySatisfy((line) -> assertThat(line).contains("org.apache.sshd"));
        for (String line : recorder.events) {
            assertThat(line).doesNotContain(TestSshServer.PASSWORD, TestSshServer.PASSPHRASE);
        }
    }

    /** A failure's messages, causes, suppressed ones and stack frames, as text. */
    private static String everything(Throwable failure) {
        java.io.StringWriter text = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(text));
        return text + " " + failure;
    }

    /** Runs {@code connect}, which must fail, and checks that it failed within {@code timeout} (plus slack). */
    private static Throwable timed(Duration timeout, org.assertj.core.api.ThrowableAssert.ThrowingCallable connect) {
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(connect);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(thrown).as("connecting must fail").isNotNull();
        assertThat(took).as("failure within the connect timeout: " + thrown).isLessThan(timeout.plusSeconds(2));
        return thrown;
    }

    /** Keeps every record with its arguments and throwable, as text. */
    private static final class Recorder extends AppenderBase<ILoggingEvent> {

        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
            if (event.getArgumentArray() != null) {
                for (Object arg : event.getArgumentArray()) {
                    line.append(' ').append(arg);
                }
            }
            line.append(' ').append(event.getMDCPropertyMap());
            for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
                line.append(' ').append(thrown.getClassName()).append(": ").append(thrown.getMessage());
            }
            this.events.add(line.toString());
        }
    }
}
