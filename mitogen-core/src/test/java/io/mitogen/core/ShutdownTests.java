package io.mitogen.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mitogen.core.testing.ShutdownTasks;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Shutting many contexts down at once, and what a child leaves behind, with real child JVMs. */
class ShutdownTests {

    @Test
    void shutdownOfManyAtOnceStopsEveryOneAndOnlyThem() {
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            List<Context> fleet = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                fleet.add(router.local());
            }
            // One below a context of the list (it goes with it), one below a context that stays.
            Context below = router.local(LocalOptions.builder().via(fleet.get(0)).build());
            Context stays = router.local();
            Context belowOneThatStays = router.local(LocalOptions.builder().via(stays).build());
            List<Context> asked = new ArrayList<>(fleet);
            asked.add(below);
            asked.add(belowOneThatStays);
            asked.add(router.myself());
            List<Long> pids = new ArrayList<>();
            for (Context context : asked.subList(0, asked.size() - 1)) {
                pids.add(context.call(Tasks::pid));
            }

            router.shutdown(asked);

            for (Context context : asked.subList(0, asked.size() - 1)) {
                assertThat(context.isConnected()).as("%s", context).isFalse();
            }
            for (long pid : pids) {
                assertThat(LifecycleTests.isAlive(pid)).as("pid %d", pid).isFalse();
            }
            assertThat(stays.call(Tasks::add, 1, 2)).as("a context not in the list carries on").isEqualTo(3);
            // Asking again, for contexts already gone, does nothing.
            router.shutdown(asked);
            router.shutdown(List.of());
        }
    }

    @Test
    void shutdownOfManyRefusesNull() {
        try (Broker broker = new Broker()) {
            assertThatThrownBy(() -> new Router(broker).shutdown(null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'contexts' must not be null");
        }
    }

    @Test
    void shutdownKillsWhatTheChildsCodeStarted() {
        try (Broker broker = new Broker()) {
            Context child = new Router(broker).local();
            long fromCallThread = child.call(ShutdownTasks::startSleep);
            long fromOtherThread = child.call(ShutdownTasks::startSleepOnAnotherThread);
            assertThat(LifecycleTests.isAlive(fromCallThread)).isTrue();
            assertThat(LifecycleTests.isAlive(fromOtherThread)).isTrue();
            child.shutdown();
            // Killed before the child said goodbye; an orphan is reaped by init in its own time.
            await().atMost(Duration.ofSeconds(10)).until(() -> !LifecycleTests.isAlive(fromCallThread)
                    && !LifecycleTests.isAlive(fromOtherThread));
        }
    }

    @Test
    void aChildWithChildrenStopsThemFirst() {
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            Context parent = router.local();
            Context grandchild = router.local(LocalOptions.builder().via(parent).build());
            long parentPid = parent.call(Tasks::pid);
            long grandchildPid = grandchild.call(Tasks::pid);
            router.shutdown(List.of(parent));
            assertThat(grandchild.isConnected()).isFalse();
            assertThat(LifecycleTests.isAlive(parentPid)).isFalse();
            assertThat(LifecycleTests.isAlive(grandchildPid)).isFalse();
        }
    }
}
