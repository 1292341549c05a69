package io.mitogen.core;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.testing.DetachTasks;
import io.mitogen.core.testing.ParentProgram;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Detached subtrees: a context that detaches outlives its parent ({@code kill -9} of a real
 * parent program) with its child, keeps calling it, and a new program attaches to it later
 * through its socket, calls it and shuts it down.
 */
class DetachTests {

    @TempDir
    Path dir;

    @Test
    void aDetachedContextAndItsChildSurviveKillMinus9OfTheMasterThenANewProgramAttaches() throws Exception {
        detachSurviveAttach(null);
    }

    @Test
    void onJava22AndLaterTheDetachedContextLeavesTheParentsSession() throws Exception {
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(java25), "no Java 22+ runtime at " + java25);
        detachSurviveAttach(java25.toString());
    }

    private void detachSurviveAttach(String java) throws Exception {
        Path socket = this.dir.resolve("mon").resolve("sock");
        Path log = this.dir.resolve("monitor.log");
        List<String> command = new ArrayList<>(List.of(javaHome(), "-cp", classpath(), ParentProgram.class.getName(),
                "monitor", socket.toString(), log.toString()));
        if (java != null) {
            command.add(java);
        }
        Process parent = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long[] pids = new long[0];
        try (Broker broker = new Broker()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            pids = Arrays.stream(readLine(out, "PIDS ").split(" ")).mapToLong(Long::parseLong).toArray();
            assertThat(readLine(out, "MONITOR ")).isEqualTo("true");
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(socket.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            long d = pids[0];
            long w1 = pids[1];
            if (java != null) {
                assertThat(DetachTasks.sessionOf(d)).as("d is in a session of its own").isEqualTo(d)
                        .isNotEqualTo(DetachTasks.sessionOf(parent.pid()));
            }

            parent.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
            await().atMost(Duration.ofSeconds(10)).until(() -> !parent.isAlive());
            long linesAtDeath = lines(log);
            // d and w1 go on, and d keeps calling w1: its monitor writes to the log file.
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> lines(log) >= linesAtDeath + 3);
            }
            catch (org.awaitility.core.ConditionTimeoutException ex) {
                throw new AssertionError("the monitor stopped writing (d alive: " + isAlive(d) + ", w1 alive: "
                        + isAlive(w1) + "); its log:\n" + (Files.exists(log) ? Files.readString(log) : "(none)"), ex);
            }
            assertThat(ProcessHandle.of(d).map(ProcessHandle::isAlive)).contains(true);
            assertThat(ProcessHandle.of(w1).map(ProcessHandle::isAlive)).contains(true);
            assertThat(Files.readString(log)).contains("answered: pid " + w1);

            Router router = new Router(broker);
            Context d2 = router.attach(socket);
            assertThat(d2.call(Tasks::pid)).isEqualTo(d);
            assertThat(d2.call(DetachTasks::isDetached)).isTrue();
            // A second program cannot take it over while this one is attached.
            try (Broker other = new Broker()) {
                assertThatThrownBy(() -> new Router(other).attach(socket)).isInstanceOf(MitogenException.class)
                        .hasMessageContaining(socket.toString());
            }
            assertThat(d2.call(Tasks::add, 2, 3)).isEqualTo(5);
            d2.shutdown();
            assertThat(d2.isConnected()).isFalse();
            await().atMost(Duration.ofSeconds(15)).until(() -> !isAlive(d) && !isAlive(w1));
        }
        finally {
            parent.destroyForcibly();
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void attachToNothingOrToAnotherUsersFileNamesThePath() throws Exception {
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            Path missing = this.dir.resolve("nobody-here");
            assertThatThrownBy(() -> router.attach(missing)).isInstanceOf(MitogenException.class)
                    .hasMessageContaining(missing.toString()).hasMessageContaining("nothing");
            Path plain = Files.writeString(this.dir.resolve("plain-file"), "not a socket");
            assertThatThrownBy(() -> router.attach(plain)).isInstanceOf(MitogenException.class)
                    .hasMessageContaining(plain.toString()).hasMessageContaining("nothing listens");
            Path roots = Path.of("/etc/hostname");
            if (Files.exists(roots) && !"root".equals(System.getProperty("user.name"))) {
                assertThatThrownBy(() -> router.attach(roots)).isInstanceOf(MitogenException.class)
                        .hasMessageContaining(roots.toString()).hasMessageContaining("belongs to");
            }
        }
    }

    @Test
    void listenRefusesAPathThatExistsOrADirectoryOthersCanReach() throws Exception {
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            Context child = router.local();
            Path taken = Files.writeString(this.dir.resolve("taken"), "x");
            assertThat(child.call(DetachTasks::tryListen, taken.toString())).startsWith("MitogenException")
                    .contains(taken.toString()).contains("exists");
            Path open = Files.createDirectory(this.dir.resolve("open"));
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path inOpen = open.resolve("sock");
            assertThat(child.call(DetachTasks::tryListen, inOpen.toString())).startsWith("MitogenException")
                    .contains(inOpen.toString()).contains("rwxrwxrwx");
            assertThat(Files.exists(inOpen)).isFalse();
            assertThat(child.call(Tasks::add, 1, 1)).isEqualTo(2);
        }
    }

    @Test
    void detachAndListenOutsideAChildAreRefused() {
        assertThatThrownBy(ExecutionContext::current).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theMastersBrokerCloseLetsADetachedChildGo() throws Exception {
        Path socket = this.dir.resolve("mon2").resolve("sock");
        long d;
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            Context child = router.local();
            d = child.pid();
            child.runNoReply(DetachTasks::becomeMonitor, List.of(), socket.toString());
            assertThat(child.call(DetachTasks::isDetached)).isTrue();
        }
        try (Broker later = new Broker()) {
            assertThat(isAlive(d)).as("broker close did not stop it").isTrue();
            Router router = new Router(later);
            // Until d has seen its old parent's link end, it refuses a second program (and the
            // attach fails); it sees that moments after the close.
            Context d2 = await().atMost(Duration.ofSeconds(10)).ignoreException(MitogenException.class)
                    .until(() -> router.attach(socket), java.util.Objects::nonNull);
            assertThat(d2.call(Tasks::pid)).isEqualTo(d);
            d2.shutdown();
            await().atMost(Duration.ofSeconds(15)).until(() -> !isAlive(d));
        }
        finally {
            ProcessHandle.of(d).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void attachThroughAnotherContextLocalAndOverSsh() throws Exception {
        Path socket = this.dir.resolve("mon3").resolve("sock");
        long d;
        try (Broker first = new Broker()) {
            Router router = new Router(first);
            // Its id must be free in the program that attaches through a hop (see the guide):
            // context 1 goes, d is context 2, and the hop there will be context 1.
            router.local().shutdown();
            Context child = router.local();
            d = child.pid();
            child.runNoReply(DetachTasks::becomeMonitor, List.of(), socket.toString());
            assertThat(child.call(DetachTasks::isDetached)).isTrue();
        }
        io.mitogen.core.testing.TestSshServer server = io.mitogen.core.testing.TestSshServer.start(this.dir);
        try (Broker later = new Broker()) {
            Router router = new Router(later);
            Context hop = router.local();
            Context d2 = router.attach(AttachOptions.builder(socket).via(hop).build());
            assertThat(d2.call(Tasks::pid)).isEqualTo(d);
            assertThat(d2.call(io.mitogen.core.testing.RecursionTasks::whoAmI)).isEqualTo(d2.id() + " under " + hop.id());
            // Let go of it (the hop goes), then reach it again over ssh, as on another machine.
            hop.shutdown();
            await().atMost(Duration.ofSeconds(10)).until(() -> !d2.isConnected());
            assertThat(isAlive(d)).isTrue();
            Context ssh = router.ssh(SshOptions.builder("127.0.0.1").port(server.port())
                    .username(System.getProperty("user.name")).identityFile(server.clientKey())
                    .knownHosts(server.knownHosts()).sshConfig(false).build());
            Context d3 = router.attach(AttachOptions.builder(socket).via(ssh).build());
            assertThat(d3.call(Tasks::pid)).isEqualTo(d);
            d3.shutdown();
            await().atMost(Duration.ofSeconds(15)).until(() -> !isAlive(d));
        }
        finally {
            server.close();
            ProcessHandle.of(d).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void theParentMayStillShutDownADetachedChildByName() throws Exception {
        Path socket = this.dir.resolve("mon4").resolve("sock");
        long d = 0;
        try (Broker broker = new Broker()) {
            Context child = new Router(broker).local();
            d = child.pid();
            child.runNoReply(DetachTasks::becomeMonitor, List.of(), socket.toString());
            assertThat(child.call(DetachTasks::isDetached)).isTrue();
            child.shutdown();
            assertThat(child.isConnected()).isFalse();
            long pid = d;
            await().atMost(Duration.ofSeconds(15)).until(() -> !isAlive(pid));
        }
        finally {
            ProcessHandle.of(d).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static String readLine(BufferedReader out, String prefix) throws Exception {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        throw new AssertionError("the parent program ended before printing " + prefix);
    }

    private static long lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String javaHome() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
