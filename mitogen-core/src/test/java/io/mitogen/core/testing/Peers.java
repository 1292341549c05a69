package io.mitogen.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mitogen.core.ContainerOptions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real peers of the privilege and container tests, set up by {@code shared/testbed/setup.sh}
 * and {@code containers.sh up} ({@code .ci/run} runs both). A test whose peer is missing is
 * skipped with the reason and the way to get it, never passed.
 */
public final class Peers {

    /** The testbed's directory (containers.sh writes its files there). */
    public static final Path TESTBED = Path.of(System.getenv().getOrDefault("MITOGEN_TESTBED_DIR", "/tmp/mitogen-testbed"));

    public static final String CONTAINER = "mitogen-ctr";

    public static final String MITOPW_PASSWORD = "mitopw-secret";

    /** Whether {@link #CONTAINER} ran a command, asked once per test JVM. */
    private static Boolean podmanRuns;

    private Peers() {
    }

    /** This machine's name as connection errors give it (the kernel's hostname). */
    public static String hostname() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** Root, sudo, su and the users mitotest, mitopw and mitotty. */
    public static void assumeTestbedUsers() {
        assumeTrue("root".equals(System.getProperty("user.name")), "not running as root: the sudo/su tests "
                + "need the testbed users (run as root: bash shared/testbed/setup.sh)");
        for (String user : List.of("mitotest", "mitopw", "mitotty")) {
            assumeTrue(succeeds("id", "-u", user), "testbed user " + user + " is missing: run bash "
                    + "shared/testbed/setup.sh as root");
        }
        assumeTrue(succeeds("sudo", "-V") && succeeds("su", "--version"), "sudo or su is missing: run bash "
                + "shared/testbed/setup.sh as root");
        assumeTrue(Files.isRegularFile(Path.of("/etc/sudoers.d/mitogen-testbed")), "the testbed's sudoers rules "
                + "(/etc/sudoers.d/mitogen-testbed) are missing: run bash shared/testbed/setup.sh as root");
    }

    /** podman and the running test container. */
    public static void assumePodman() {
        assumeTrue(succeeds("podman", "container", "exists", CONTAINER), "podman container " + CONTAINER
                + " is not running: run bash shared/testbed/containers.sh up");
        // podman's database can outlive the container's processes (it then still says "running"),
        // so only a command that runs inside proves the peer is there.
        assumeTrue(podmanRuns(), "podman container " + CONTAINER + " exists but cannot run a command (its "
                + "processes are gone): run bash shared/testbed/containers.sh down, then up");
    }

    private static synchronized boolean podmanRuns() {
        if (podmanRuns == null) {
            podmanRuns = succeeds("podman", "exec", CONTAINER, "true");
        }
        return podmanRuns;
    }

    /** Whether the sudo/su peers are all there (what {@link #assumeTestbedUsers()} requires). */
    public static boolean hasTestbedUsers() {
        return "root".equals(System.getProperty("user.name"))
                && List.of("mitotest", "mitopw", "mitotty").stream().allMatch((user) -> succeeds("id", "-u", user))
                && succeeds("sudo", "-V") && succeeds("su", "--version")
                && Files.isRegularFile(Path.of("/etc/sudoers.d/mitogen-testbed"));
    }

    /** Whether the container runs commands (what {@link #assumePodman()} requires). */
    public static boolean hasPodman() {
        return succeeds("podman", "container", "exists", CONTAINER) && podmanRuns();
    }

    /**
     * Waits until no child JVM this test JVM answers for is left inside the container: those are
     * children of podman's conmon, not of the test JVM, so the project-wide process check cannot
     * see them. Another build's children, whose parents still live, are not counted, so two
     * builds on one machine can share the container.
     */
    public static void awaitNoJvmLeftInContainer() {
        if (hasPodman()) {
            org.awaitility.Awaitility.await("no child JVM of ours left in " + CONTAINER)
                    .atMost(java.time.Duration.ofSeconds(15)).until(() -> ownJvmsInContainer().isEmpty());
        }
    }

    /**
     * The container's child JVMs whose parent, named by the default remote name
     * ({@code mitogen:user@host:pid}), is this JVM or is gone (an orphan is a leak, whoever made
     * it). A parent inside the container counts as its own parent does. A JVM under another
     * remote name is counted: it cannot be told apart.
     */
    public static List<String> ownJvmsInContainer() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("podman", "exec", CONTAINER, "pgrep", "-af",
                "io.mitogen.core.internal.firststage.Stage1").redirectErrorStream(true).start();
        String listing = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Map<String, String> nameByPid = new java.util.HashMap<>();
        for (String line : listing.split("\n")) {
            Matcher jvm = CONTAINER_JVM.matcher(line);
            if (jvm.find()) {
                nameByPid.put(jvm.group(1), jvm.group(2));
            }
        }
        List<String> own = new java.util.ArrayList<>();
        nameByPid.forEach((pid, name) -> {
            if (isOurs(name, nameByPid, 0)) {
                own.add(pid + " " + name);
            }
        });
        return own;
    }

    private static final Pattern CONTAINER_JVM = Pattern.compile("^(\\d+) .*io\\.mitogen\\.core\\.internal\\.firststage\\.Stage1 (\\S+)");

    private static final Pattern REMOTE_NAME = Pattern.compile("^mitogen:[^@]*@([^:]*):(\\d+)$");

    private static boolean isOurs(String name, Map<String, String> nameByPid, int depth) {
        Matcher remote = REMOTE_NAME.matcher(name);
        if (!remote.matches() || depth > 8) {
            return true;
        }
        String parentPid = remote.group(2);
        if (remote.group(1).equals(CONTAINER)) {
            String parentName = nameByPid.get(parentPid);
            return parentName == null || isOurs(parentName, nameByPid, depth + 1);
        }
        long pid = Long.parseLong(parentPid);
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).isEmpty();
    }

    /**
     * {@code DOCKER_HOST} for the docker CLI, as containers.sh printed it (taken from this JVM's
     * environment, else the testbed's socket), with the container reachable through it.
     */
    public static String assumeDocker() {
        assumePodman();
        String host = System.getenv("DOCKER_HOST");
        if (host == null && Files.exists(TESTBED.resolve("podman.sock"))) {
            host = "unix://" + TESTBED.resolve("podman.sock");
        }
        assumeTrue(host != null, "no DOCKER_HOST and no " + TESTBED.resolve("podman.sock") + ": run bash "
                + "shared/testbed/containers.sh up");
        assumeTrue(succeeds(Map.of("DOCKER_HOST", host), "docker", "inspect", "--format={{.State.Pid}}", CONTAINER),
                "the docker CLI cannot reach " + CONTAINER + " at " + host + ": run bash shared/testbed/containers.sh up");
        return host;
    }

    /** Gives the podman CLI {@code CONTAINERS_CONF} when containers.sh wrote it. */
    public static <B extends ContainerOptions.Builder<B>> B podmanEnvironment(B builder) {
        String conf = System.getenv("CONTAINERS_CONF");
        if (conf == null && Files.isRegularFile(TESTBED.resolve("containers.conf"))) {
            conf = TESTBED.resolve("containers.conf").toString();
        }
        return (conf != null) ? builder.environment("CONTAINERS_CONF", conf) : builder;
    }

    public static boolean succeeds(String... command) {
        return succeeds(Map.of(), command);
    }

    public static boolean succeeds(Map<String, String> environment, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Output of a command that must succeed. */
    public static String output(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + text);
        }
        return text;
    }
}
