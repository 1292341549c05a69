package io.mitogen.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.mitogen.core.testing.IdentityTasks;
import io.mitogen.core.testing.Peers;
import io.mitogen.core.testing.Tasks;
import io.mitogen.core.testing.TestSshServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Errors that name the cause: an identity file the hop's user cannot read, a target with no
 * writable directory at all; and a read-only root with only /dev/shm writable still works.
 */
class ErrorMessageTests {

    static final List<String> containers = new ArrayList<>();

    static Broker broker;

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        for (String name : containers) {
            Peers.succeeds(podmanConf(), "podman", "rm", "-f", "-t", "0", name);
        }
    }

    static synchronized Router router() {
        if (broker == null) {
            broker = new Broker();
        }
        return new Router(broker);
    }

    @Test
    void anIdentityFileTheHopsUserCannotReadIsAPermissionErrorNotAPassphrase() throws Exception {
        Peers.assumeTestbedUsers();
        Path dir = Files.createTempDirectory("mitogen-i15-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (TestSshServer server = TestSshServer.start(dir)) {
            Path key = Files.copy(server.clientKey(), dir.resolve("root_only_key"));
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            Path knownHosts = Files.copy(server.knownHosts(), dir.resolve("known_hosts_for_all"));
            Files.setPosixFilePermissions(knownHosts, PosixFilePermissions.fromString("rw-r--r--"));
            Router router = router();
            Context hop = router.sudo(SudoOptions.builder().username("mitotest").build());
            assertThat(hop.call(IdentityTasks::user)).isEqualTo("mitotest");
            assertThatThrownBy(() -> router.ssh(SshOptions.builder("127.0.0.1").port(server.port()).username("root")
                    .identityFile(key).knownHosts(knownHosts).sshConfig(false).via(hop)
                    .connectTimeout(Duration.ofSeconds(30)).build()))
                    .isInstanceOf(ConnectFailedException.class)
                    .hasMessageContaining(key + " cannot be read by user mitotest on ")
                    .hasMessageContaining("permission denied (owner root, mode rw-------)")
                    .hasMessageContaining("make it readable by mitotest")
                    .hasMessageNotContaining("passphrase:");
            assertThat(hop.call(Tasks::add, 1, 2)).isEqualTo(3);
            hop.shutdown();
        }
        finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
            }
        }
    }

    @Test
    void aReadOnlyRootWithOnlyDevShmWritableStillWorks() throws Exception {
        String name = readOnlyContainer(false);
        Router router = router();
        Context ctr = router.podman(podman(name));
        assertThat(ctr.call(Tasks::add, 40, 2)).isEqualTo(42);
        ctr.shutdown();
    }

    @Test
    void aTargetWithNoWritableDirectorySaysWhatTheChildNeeds() throws Exception {
        String name = readOnlyContainer(true);
        Router router = router();
        assertThatThrownBy(() -> router.podman(podman(name)))
                .isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("the target has no writable directory for the child's first stage")
                .hasMessageContaining("tries /dev/shm, $TMPDIR, /tmp, $XDG_RUNTIME_DIR and $HOME in turn")
                .hasMessageContaining("TMPDIR naming a writable directory")
                .hasMessageNotContaining("mktemp: failed");
    }

    /** A podman container with a read-only root (and, with {@code shmToo}, a read-only /dev/shm). */
    static String readOnlyContainer(boolean shmToo) throws Exception {
        Peers.assumePodman();
        String name = "mitogen-i15-ro-" + ProcessHandle.current().pid() + "-" + containers.size();
        List<String> command = new ArrayList<>(List.of("podman", "run", "-d", "--name", name, "--network", "none",
                "--read-only", "--read-only-tmpfs=false"));
        if (shmToo) {
            command.add("--mount");
            command.add("type=tmpfs,destination=/dev/shm,ro=true");
        }
        command.addAll(List.of("--rootfs", "/:O", "sleep", "infinity"));
        containers.add(name);
        ProcessBuilder run = new ProcessBuilder(command).redirectErrorStream(true);
        run.environment().putAll(podmanConf());
        Process process = run.start();
        String said = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("podman run: %s", said).isZero();
        return name;
    }

    /** containers.sh's CONTAINERS_CONF (runc, rlimits this VM allows), if not already set. */
    static java.util.Map<String, String> podmanConf() {
        String conf = System.getenv("CONTAINERS_CONF");
        Path testbed = Peers.TESTBED.resolve("containers.conf");
        if (conf == null && Files.isRegularFile(testbed)) {
            conf = testbed.toString();
        }
        return (conf != null) ? java.util.Map.of("CONTAINERS_CONF", conf) : java.util.Map.of();
    }

    static PodmanOptions podman(String container) {
        PodmanOptions.Builder builder = PodmanOptions.builder().container(container);
        podmanConf().forEach(builder::environment);
        return builder.build();
    }
}
