package io.mitogen.core;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.RecursionTasks;
import io.mitogen.core.testing.Tasks;
import io.mitogen.core.testing.TestSshServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Children are programs too: code in a child reaches its own router through
 * {@link ExecutionContext#current()}, starts children of its own (local, over ssh, through
 * {@code via}), returns them as results, and the master then calls them directly.
 */
class RecursionTests {

    @TempDir
    static Path dir;

    static TestSshServer server;

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    static Context a;

    @BeforeAll
    static void start() {
        // Closed after the broker: its children are asked to stop before their connections go.
        server = mitogen.closeAfterBroker(TestSshServer.start(dir));
        router = mitogen.router();
        a = router.local();
    }

    @Test
    void currentKnowsTheChildItRunsInAlsoInThreadsItStarts() {
        assertThat(a.call(RecursionTasks::whoAmI)).isEqualTo(a.id() + " under 0");
        assertThat(a.call(RecursionTasks::whoAmIInAThread)).isEqualTo(a.id() + " under 0");
    }

    @Test
    void currentOutsideAChildSaysSo() {
        assertThatThrownBy(ExecutionContext::current).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only works in code running in a child");
    }

    @Test
    void aGrandchildStartedByUserCodeInAChild() {
        long gp = a.call(RecursionTasks::grandchildPid);
        assertThat(gp).isPositive().isNotEqualTo(a.pid());
        assertThat(ProcessHandle.of(gp)).as("the grandchild was shut down by its parent").isEmpty();
    }

    @Test
    void aContextThatCrossedAsAResultIsCalledByTheMasterDirectly() {
        Context w = a.call(RecursionTasks::startWorker);
        assertThat(w.id()).isNotEqualTo(a.id());
        long wp = w.call(Tasks::pid);
        assertThat(ProcessHandle.of(wp).orElseThrow().parent().map(ProcessHandle::pid)).contains(a.pid());
        assertThat(w.call(RecursionTasks::whoAmI)).isEqualTo(w.id() + " under " + a.id());
        // The parent-chain rule holds: the master is on w's chain; a sibling is not.
        Context sibling = router.local();
        try {
            assertThat(sibling.call(Tasks::callInto, w, dir.resolve("x").toString())).startsWith("MessageRefusedException");
            // The master hands w to a call in a: a is w's parent, so it may call it.
            assertThat(a.call(RecursionTasks::addIn, w, 2, 3)).isEqualTo(5);
        }
        finally {
            sibling.shutdown();
        }
        w.shutdown();
        assertThat(w.isConnected()).isFalse();
        assertThat(ProcessHandle.of(wp)).isEmpty();
        assertThat(a.call(Tasks::add, 1, 1)).as("a keeps working").isEqualTo(2);
    }

    @Test
    void grandchildrenThroughViaChainsStartedInAChild() {
        Context hop = a.call(RecursionTasks::startWorker);
        Context far = a.call(RecursionTasks::startWorkerVia, hop);
        long farPid = far.call(Tasks::pid);
        assertThat(ProcessHandle.of(farPid).orElseThrow().parent().map(ProcessHandle::pid)).contains(hop.call(Tasks::pid));
        assertThat(far.call(RecursionTasks::whoAmI)).isEqualTo(far.id() + " under " + hop.id());
        hop.shutdown();
        assertThat(far.isConnected()).isFalse();
        assertThat(ProcessHandle.of(farPid)).isEmpty();
    }

    @Test
    void aGrandchildOverSshStartedInAChildThenAnotherThroughIt() {
        String user = System.getProperty("user.name");
        Context overSsh = a.call(RecursionTasks::startSsh, List.of("127.0.0.1", String.valueOf(server.port()), user,
                server.clientKey().toString(), server.knownHosts().toString()), (Context) null);
        assertThat(overSsh.call(Tasks::add, 20, 22)).isEqualTo(42);
        Context beyond = a.call(RecursionTasks::startWorkerVia, overSsh);
        assertThat(beyond.call(RecursionTasks::whoAmI)).isEqualTo(beyond.id() + " under " + overSsh.id());
        overSsh.shutdown();
        assertThat(beyond.isConnected()).isFalse();
    }

    @Test
    void idsComeInBlocksSoManyGrandchildrenCostOneAllocation() {
        List<Integer> ids = a.call(RecursionTasks::startMany, 3);
        assertThat(ids).hasSize(3).doesNotHaveDuplicates();
        // One block: consecutive ids, none of them the master's own next one.
        assertThat(ids.get(1) - ids.get(0)).isEqualTo(1);
        Context next = router.local();
        try {
            assertThat(ids).doesNotContain(next.id());
        }
        finally {
            next.shutdown();
        }
    }

    @Test
    void aChildCannotAnnounceARouteForAnIdNotHandedToIt() throws Exception {
        // A route announcement for an id the master never handed to a: refused at the master.
        int stolen = 900_000;
        byte[] payload = new byte[8];
        io.mitogen.core.internal.wire.Frames.putInt(payload, 0, stolen);
        io.mitogen.core.internal.wire.Frames.putInt(payload, 4, a.id());
        a.run(Tasks::writeToChannel, io.mitogen.core.testing.RawFrames.of(new io.mitogen.core.internal.wire.Message(0, a.id(),
                a.id(), io.mitogen.core.internal.constants.Handles.ADD_ROUTE, 0, payload)));
        assertThat(a.call(Tasks::add, 2, 2)).isEqualTo(4);
        assertThat(router.core.routeTo(stolen)).isNull();
    }
}
