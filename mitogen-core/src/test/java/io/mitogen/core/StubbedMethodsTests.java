package io.mitogen.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Peers;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The methods whose tools cannot run here (kubectl, lxc, incus, lxd, buildah, jail, setns by
 * kind, doas, images) against stub executables ({@code stubs/stub-tool.sh}, copied under each
 * tool's name) that record their argv and run the rest locally, as the Python original's own
 * tests do: the exact command line is asserted, and a real child answers a call through it,
 * started here and started by a local child ({@code via}, so each options type crosses the wire).
 */
class StubbedMethodsTests {

    static final String BOOT = "<boot>";

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        router = mitogen.router();
    }

    /** A method, how to connect with it given the stubs' directory, and the argv it must run. */
    static Stream<Arguments> methods() {
        return Stream.of(
                arguments("kubectl", method((d) -> KubectlOptions.builder().pod("web-0").container("app").namespace("shop")
                        .kubectlArgs("--context=test").kubectlPath(stub(d, "kubectl")), Router::kubectl),
                        List.of(List.of("kubectl", "--context=test", "exec", "-i", "--namespace=shop", "--container=app",
                                "web-0", "--", "/bin/sh", "-c", BOOT))),
                arguments("lxc", method((d) -> LxcOptions.builder().container("web").lxcAttachPath(stub(d, "lxc-attach")),
                        Router::lxc),
                        List.of(List.of("lxc-attach", "--clear-env", "--name", "web", "--", "/bin/sh", "-c", BOOT))),
                arguments("incus", method((d) -> IncusOptions.builder().container("web").incusPath(stub(d, "incus")),
                        Router::incus),
                        List.of(List.of("incus", "exec", "--mode=non-interactive", "web", "--", "/bin/sh", "-c", BOOT))),
                arguments("lxd", method((d) -> LxdOptions.builder().container("web").lxcPath(stub(d, "lxc")), Router::lxd),
                        List.of(List.of("lxc", "exec", "--mode=non-interactive", "web", "--", "/bin/sh", "-c", BOOT))),
                arguments("buildah", method((d) -> BuildahOptions.builder().container("web").username("app")
                        .buildahPath(stub(d, "buildah")), Router::buildah),
                        List.of(List.of("buildah", "run", "--user=app", "--", "web", "/bin/sh", "-c", BOOT))),
                arguments("jail", method((d) -> JailOptions.builder().jail("web").username("app").jexecPath(stub(d, "jexec")),
                        Router::jail),
                        List.of(List.of("jexec", "-U", "app", "web", "/bin/sh", "-c", BOOT))),
                arguments("setns docker", method((d) -> SetnsOptions.builder().kind(SetnsOptions.Kind.DOCKER).container("web")
                        .toolPath(stub(d, "docker")).nsenterPath(stub(d, "nsenter")), Router::setns),
                        List.of(List.of("docker", "inspect", "--format={{.State.Pid}}", "web"), nsenter())),
                arguments("setns lxc", method((d) -> SetnsOptions.builder().kind(SetnsOptions.Kind.LXC).container("web")
                        .toolPath(stub(d, "lxc-info")).nsenterPath(stub(d, "nsenter")), Router::setns),
                        List.of(List.of("lxc-info", "-n", "web"), nsenter())),
                arguments("setns lxd", method((d) -> SetnsOptions.builder().kind(SetnsOptions.Kind.LXD).container("web")
                        .toolPath(stub(d, "lxc")).nsenterPath(stub(d, "nsenter")), Router::setns),
                        List.of(List.of("lxc", "info", "web"), nsenter())),
                arguments("setns machinectl", method((d) -> SetnsOptions.builder().kind(SetnsOptions.Kind.MACHINECTL)
                        .container("web").toolPath(stub(d, "machinectl")).nsenterPath(stub(d, "nsenter")), Router::setns),
                        List.of(List.of("machinectl", "status", "web"), nsenter())),
                arguments("setns pid", method((d) -> SetnsOptions.builder().pid(4242).nsenterPath(stub(d, "nsenter")),
                        Router::setns),
                        List.of(nsenter())),
                arguments("docker image", method((d) -> DockerOptions.builder().image("eclipse-temurin:17-jre")
                        .username("app").dockerPath(stub(d, "docker")), Router::docker),
                        List.of(List.of("docker", "run", "--interactive", "--rm", "--user=app", "eclipse-temurin:17-jre",
                                "/bin/sh", "-c", BOOT))),
                arguments("podman image", method((d) -> PodmanOptions.builder().image("localhost/app:1")
                        .podmanPath(stub(d, "podman")), Router::podman),
                        List.of(List.of("podman", "run", "--interactive", "--rm", "--", "localhost/app:1", "/bin/sh", "-c",
                                BOOT))),
                arguments("podman exec", method((d) -> PodmanOptions.builder().container("web").username("app")
                        .podmanPath(stub(d, "podman")), Router::podman),
                        List.of(List.of("podman", "exec", "--interactive", "--user=app", "--", "web", "/bin/sh", "-c",
                                BOOT))),
                arguments("doas", method((d) -> DoasOptions.builder().doasPath(stub(d, "doas")), Router::doas),
                        List.of(List.of("doas", "-n", "-u", "root", "--", "/bin/sh", "-c", BOOT))),
                arguments("sudo", method((d) -> SudoOptions.builder().username("app").password("pw").preserveEnv(true)
                        .sudoArgs("-HS", "--non-interactive").sudoPath(stub(d, "sudo")), Router::sudo),
                        List.of(List.of("sudo", "-u", "app", "-S", "-p", "mitogen-sudo-password:", "-E", "-H", "--",
                                "/bin/sh", "-c", BOOT))),
                arguments("sudo login", method((d) -> SudoOptions.builder().username("app").login(true)
                        .sudoPath(stub(d, "sudo")), Router::sudo),
                        List.of(List.of("sudo", "-u", "app", "-n", "-H", "--", "/bin/sh", "-l", "-c", "cd&&" + BOOT))),
                arguments("su", method((d) -> SuOptions.builder().username("app").login(true).suPath(stub(d, "su")),
                        Router::su),
                        List.of(List.of("su", "-", "app", "-c", BOOT))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void runsTheExactCommandLine(String name, Method method, List<List<String>> expected) throws IOException {
        Context child = method.connect(router, this.dir, null);
        assertThat(child.call(Tasks::add, 2, 3)).isEqualTo(5);
        assertThat(recorded(this.dir)).isEqualTo(expected);
        child.shutdown();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void runsTheSameCommandLineViaALocalChild(String name, Method method, List<List<String>> expected) throws IOException {
        Context local = router.local();
        Context child = method.connect(router, this.dir, local);
        assertThat(child.call(Tasks::parentPid)).as("started by the local child").isNotEqualTo(ProcessHandle.current().pid());
        assertThat(recorded(this.dir)).isEqualTo(expected);
        local.shutdown();
        assertThat(child.isConnected()).isFalse();
    }

    @Test
    void containerToolsGetTheirEnvironment() throws IOException {
        Path elsewhere = this.dir.resolve("elsewhere.log");
        Context child = router.kubectl(KubectlOptions.builder().pod("web-0").kubectlPath(stub(this.dir, "kubectl"))
                .environment("MITOGEN_STUB_LOG", elsewhere.toString()).build());
        assertThat(child.call(Tasks::add, 1, 1)).isEqualTo(2);
        assertThat(read(elsewhere)).containsExactly(List.of("kubectl", "exec", "-i", "web-0", "--", "/bin/sh", "-c", BOOT));
        child.shutdown();
    }

    @Test
    void setnsBecomesTheUserWithSu() throws IOException {
        Peers.assumeTestbedUsers();
        Context child = router.setns(SetnsOptions.builder().pid(4242).username("mitotest")
                .nsenterPath(stub(this.dir, "nsenter")).build());
        assertThat(child.call(io.mitogen.core.testing.IdentityTasks::user)).isEqualTo("mitotest");
        assertThat(recorded(this.dir)).containsExactly(List.of("nsenter", "--target=4242", "--mount", "--uts", "--ipc",
                "--net", "--pid", "--root", "--wd", "--", "su", "-s", "/bin/sh", "mitotest", "-c", BOOT));
        child.shutdown();
    }

    @Test
    void doasWithAPasswordSaysWhyItNeedsATty() {
        assertThatThrownBy(() -> router.doas(DoasOptions.builder().username("app").password("doas-secret-pw")
                .doasPath(stub(this.dir, "doas")).build()))
                .isInstanceOf(TtyRequiredException.class)
                .hasMessageContaining("doas -u app on " + Peers.hostname())
                .hasMessageContaining("doas: a tty is required")
                .hasMessageContaining("permit nopass " + System.getProperty("user.name") + " as app")
                .hasMessageNotContaining("doas-secret-pw");
    }

    @Test
    void setnsQuotesTheToolWhenItFails() throws IOException {
        Path docker = this.dir.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\necho 'Error: No such object: web' >&2\nexit 1\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> router.setns(SetnsOptions.builder().kind(SetnsOptions.Kind.DOCKER).container("web")
                .toolPath(docker.toString()).build()))
                .isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("exited with status 1")
                .hasMessageContaining("container web on " + Peers.hostname())
                .hasMessageContaining("(command: '" + docker + " inspect")
                .hasMessageContaining("Error: No such object: web")
                .hasMessageContaining("check the container's name and that it is running (start it if not), or give"
                        + " the tool's path with toolPath(...)");
        Files.writeString(docker, "#!/bin/sh\necho 0\n");
        assertThatThrownBy(() -> router.setns(SetnsOptions.builder().kind(SetnsOptions.Kind.DOCKER).container("web")
                .toolPath(docker.toString()).build()))
                .isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("is '0' (is it running?)")
                .hasMessageContaining("start it if not");
    }

    /** Connects with a method's options, built for the stubs in a directory. */
    @FunctionalInterface
    interface Method {
        Context connect(Router router, Path dir, Context via);
    }

    interface Connector<O> {
        Context connect(Router router, O options);
    }

    static <B extends ConnectionOptions.Builder<B>, O extends ConnectionOptions> Method method(Function<Path, B> builder,
            Connector<O> connector) {
        return (router, dir, via) -> {
            B options = builder.apply(dir).via(via);
            @SuppressWarnings("unchecked")
            O built = (O) options.build();
            return connector.connect(router, built);
        };
    }

    static List<String> nsenter() {
        return List.of("nsenter", "--target=4242", "--mount", "--uts", "--ipc", "--net", "--pid", "--root", "--wd", "--",
                "/bin/sh", "-c", BOOT);
    }

    /** The stub, copied into {@code dir} as {@code tool}. */
    static String stub(Path dir, String tool) {
        Path path = dir.resolve(tool);
        try (InputStream in = StubbedMethodsTests.class.getResourceAsStream("/stubs/stub-tool.sh")) {
            Files.write(path, in.readAllBytes());
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return path.toString();
    }

    static List<List<String>> recorded(Path dir) throws IOException {
        return read(dir.resolve("argv.log"));
    }

    /** Each invocation's argv, the boot command replaced by {@value #BOOT}. */
    static List<List<String>> read(Path log) throws IOException {
        List<List<String>> invocations = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.equals("--end--")) {
                invocations.add(current);
                current = new ArrayList<>();
                continue;
            }
            int boot = line.indexOf("d=$(mktemp");
            current.add((boot >= 0) ? line.substring(0, boot) + BOOT : line);
        }
        assertThat(current).as("the log ends with a whole invocation").isEmpty();
        return invocations;
    }
}
