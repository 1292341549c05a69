package io.mitogen.core;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mitogen.core.testing.IdentityTasks;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Peers;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * podman, docker (the real CLI against podman's Docker API) and setns for real, against the
 * testbed's container {@code mitogen-ctr} (this machine's root as an overlay, pid 1
 * {@code sleep infinity}). Skipped, with the reason, where {@code containers.sh up} has not run.
 */
class ContainerMethodsTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    static String hostMountNamespace;

    @BeforeAll
    static void start() throws Exception {
        router = mitogen.router();
        // After the broker: its children in the container are stopped, then none may be left there.
        mitogen.closeAfterBroker(Peers::awaitNoJvmLeftInContainer);
        hostMountNamespace = IdentityTasks.mountNamespace();
    }

    @Test
    void podmanEntersTheContainer() throws Exception {
        Peers.assumePodman();
        Context ctr = router.podman(Peers.podmanEnvironment(PodmanOptions.builder().container(Peers.CONTAINER)).build());
        assertThat(ctr.call(IdentityTasks::init)).isEqualTo("sleep infinity");
        assertThat(ctr.call(IdentityTasks::mountNamespace)).isNotEqualTo(hostMountNamespace);
        assertThat(ctr.call(IdentityTasks::user)).isEqualTo("root");
        assertThat(ctr.name()).startsWith("podman.");
        assertThat(Peers.ownJvmsInContainer()).as("the leak check sees this test's own child").hasSize(1);
        ctr.shutdown();
    }

    @Test
    void podmanAsAUserAndViaALocalChild() {
        Peers.assumePodman();
        Context local = router.local();
        Context ctr = router.podman(Peers.podmanEnvironment(PodmanOptions.builder().container(Peers.CONTAINER))
                .username("mitotest").via(local).build());
        assertThat(ctr.call(IdentityTasks::user)).isEqualTo("mitotest");
        assertThat(ctr.call(Tasks::add, 40, 2)).isEqualTo(42);
        local.shutdown();
        assertThat(ctr.isConnected()).isFalse();
    }

    /** The shape: docker via a local child, with the docker CLI's DOCKER_HOST. */
    @Test
    void dockerViaALocalChild() throws Exception {
        String dockerHost = Peers.assumeDocker();
        Context local = router.local();
        Context ctr = router.docker(DockerOptions.builder().container(Peers.CONTAINER).environment("DOCKER_HOST", dockerHost)
                .via(local).build());
        assertThat(ctr.call(IdentityTasks::init)).isEqualTo("sleep infinity");
        assertThat(ctr.name()).startsWith("docker.");
        byte[] bytes = new byte[2 * 1024 * 1024];
        new java.util.Random(7).nextBytes(bytes);
        assertThat(ctr.call(Tasks::echo, bytes)).as("docker exec -i is binary-clean").isEqualTo(bytes);
        local.shutdown();
    }

    @Test
    void setnsEntersThePodmanContainersNamespaces() throws Exception {
        Peers.assumePodman();
        Context ctr = router.setns(Peers.podmanEnvironment(SetnsOptions.builder().kind(SetnsOptions.Kind.PODMAN)
                .container(Peers.CONTAINER)).build());
        assertThat(ctr.call(IdentityTasks::init)).isEqualTo("sleep infinity");
        assertThat(ctr.call(IdentityTasks::mountNamespace)).isNotEqualTo(hostMountNamespace);
        assertThat(ctr.call(Tasks::add, 1, 1)).isEqualTo(2);
        ctr.shutdown();
        Context asUser = router.setns(SetnsOptions.builder().kind(SetnsOptions.Kind.PODMAN).container(Peers.CONTAINER)
                .username("mitotest").build());
        assertThat(asUser.call(IdentityTasks::user)).isEqualTo("mitotest");
        assertThat(asUser.call(IdentityTasks::init)).isEqualTo("sleep infinity");
        asUser.shutdown();
    }

    @Test
    void unknownContainerQuotesTheTool() {
        Peers.assumePodman();
        assertThatThrownBy(() -> router.podman(PodmanOptions.builder().container("no-such-mitogen-ctr").build()))
                .isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("podman exec --interactive -- no-such-mitogen-ctr /bin/sh -c <boot command>")
                .hasMessageContaining(" on " + Peers.hostname() + " failed to start")
                .hasMessageContaining("no such container")
                .hasMessageContaining("its stderr below says why");
        assertThatThrownBy(() -> router.setns(SetnsOptions.builder().kind(SetnsOptions.Kind.PODMAN)
                .container("no-such-mitogen-ctr").build()))
                .isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("podman inspect --format={{.State.Pid}} no-such-mitogen-ctr")
                .hasMessageContaining("container no-such-mitogen-ctr on " + Peers.hostname())
                .hasMessageContaining("no such")
                .hasMessageContaining("check the container's name and that it is running");
    }

    @Test
    void unknownUserInTheContainerQuotesTheTool() {
        Peers.assumePodman();
        assertThatThrownBy(() -> router.podman(PodmanOptions.builder().container(Peers.CONTAINER)
                .username("nosuchmitogenuser").build()))
                .isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("unable to find user nosuchmitogenuser");
    }

    @Test
    void missingCliIsClear() {
        assertThatThrownBy(() -> router.docker(DockerOptions.builder().container(Peers.CONTAINER)
                .dockerPath("/nonexistent/docker").build()))
                .isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("/nonexistent/docker")
                .hasMessageContaining(" on " + Peers.hostname() + " could not be started")
                .hasMessageContaining("No such file")
                .hasMessageContaining("install that program there, or give its full path in the options");
    }
}
