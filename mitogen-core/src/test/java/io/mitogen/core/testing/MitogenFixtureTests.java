package io.mitogen.core.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import io.mitogen.core.Broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * {@link MitogenFixture} seen from outside a test class that uses it: that class is run by a
 * launcher of its own, then this test checks what the fixture left (its children gone, its
 * broker terminated) and that it is not usable outside its class.
 */
class MitogenFixtureTests {

    /** Set while this test runs {@link Sample}: surefire, which also finds it, skips it otherwise. */
    static volatile boolean launching;

    static final List<Long> pids = new CopyOnWriteArrayList<>();

    static volatile Broker broker;

    static volatile MitogenFixture fixture;

    /** The broker's state when each resource given to {@link MitogenFixture#closeAfterBroker} closed, in order. */
    static final List<String> closed = new CopyOnWriteArrayList<>();

    @Test
    void aClassGetsItsChildrenOnceAndTheyAreGoneAfterIt() {
        TestExecutionSummary summary = launch(Sample.class);
        assertThat(summary.getTestsSucceededCount()).as("%s", summary.getFailures()).isEqualTo(2);
        assertThat(pids).hasSize(4).doesNotContain(ProcessHandle.current().pid());
        assertThat(pids.subList(0, 2)).as("one JVM per child for the class, not per test")
                .containsExactlyElementsOf(pids.subList(2, 4));
        assertThat(pids.get(0)).isNotEqualTo(pids.get(1));
        assertThat(broker.state()).isEqualTo(Broker.State.TERMINATED);
        assertThat(closed).as("after the broker, last registered first")
                .containsExactly("second TERMINATED", "first TERMINATED");
        await("children of the fixture exit").atMost(Duration.ofSeconds(30))
                .until(() -> pids.stream().noneMatch((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        assertThatThrownBy(fixture::router).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@RegisterExtension on a static field");
        assertThatThrownBy(() -> fixture.child(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void askingForAChildItDidNotStartSaysHowToGetMore() {
        TestExecutionSummary summary = launch(NoChildren.class);
        assertThat(summary.getTestsSucceededCount()).as("%s", summary.getFailures()).isEqualTo(1);
    }

    private static TestExecutionSummary launch(Class<?> testClass) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launching = true;
        try {
            launcher.execute(request().selectors(selectClass(testClass)).build(), listener);
        }
        finally {
            launching = false;
        }
        return listener.getSummary();
    }

    static boolean launching() {
        return launching;
    }

    /** Two tests on two children: each test sees the same two JVMs. */
    @EnabledIf("io.mitogen.core.testing.MitogenFixtureTests#launching")
    static class Sample {

        @RegisterExtension
        static final MitogenFixture mitogen = MitogenFixture.withLocalChildren(2);

        @org.junit.jupiter.api.BeforeAll
        static void resources() {
            Broker started = mitogen.broker();
            mitogen.closeAfterBroker(() -> closed.add("first " + started.state()));
            mitogen.closeAfterBroker(() -> closed.add("second " + started.state()));
        }

        @Test
        void first() {
            record();
        }

        @Test
        void second() {
            record();
        }

        private static void record() {
            fixture = mitogen;
            broker = mitogen.broker();
            assertThat(mitogen.children()).hasSize(2);
            for (int i = 0; i < 2; i++) {
                pids.add(mitogen.child(i).call(Tasks::pid));
            }
            assertThat(mitogen.router().toString()).contains("context 0");
        }
    }

    /** A fixture without children. */
    @EnabledIf("io.mitogen.core.testing.MitogenFixtureTests#launching")
    static class NoChildren {

        @RegisterExtension
        static final MitogenFixture mitogen = MitogenFixture.create();

        @Test
        void saysHowToAskForChildren() {
            assertThat(mitogen.children()).isEmpty();
            assertThatThrownBy(() -> mitogen.child(0)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("local child 0 of 0: ask for more with MitogenFixture.withLocalChildren(n)");
        }
    }
}
