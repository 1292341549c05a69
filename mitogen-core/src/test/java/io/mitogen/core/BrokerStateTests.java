package io.mitogen.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link Broker}'s lifecycle on its own, without a child: RUNNING, then SHUTTING_DOWN while
 * its participants (the routers' "stop my children") are stopping, then TERMINATED. A
 * participant here is a future the test completes, standing in for a router's children.
 */
class BrokerStateTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Broker broker = Broker.builder().shutdownHook(false).build();

    @AfterEach
    void stop() {
        this.broker.close();
    }

    @Test
    void aNewBrokerRunsAndRunsDeferredWorkOnItsOwnThread() {
        assertThat(this.broker.state()).isEqualTo(Broker.State.RUNNING);
        assertThat(this.broker.isShuttingDown()).isFalse();
        assertThat(this.broker.terminationFuture()).isNotDone();
        assertThat(this.broker).hasToString("Broker(RUNNING)");
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        this.broker.defer(() -> ran.complete(Thread.currentThread()));
        Thread thread = ran.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(thread.getName()).isEqualTo("mitogen-broker");
        assertThat(thread.isDaemon()).isTrue();
    }

    @Test
    void scheduledWorkRunsOnTheBrokerThread() {
        CompletableFuture<String> ran = new CompletableFuture<>();
        this.broker.schedule(() -> ran.complete(Thread.currentThread().getName()), Duration.ofMillis(1));
        assertThat(ran.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join()).isEqualTo("mitogen-broker");
    }

    @Test
    void withoutParticipantsShutdownTerminates() {
        CompletableFuture<Void> done = this.broker.shutdown();
        assertThat(done).isSameAs(this.broker.terminationFuture());
        await().atMost(WAIT).until(done::isDone);
        assertThat(done).isCompletedWithValue(null);
        assertThat(this.broker.state()).isEqualTo(Broker.State.TERMINATED);
        assertThat(this.broker.isShuttingDown()).isTrue();
        assertThat(this.broker).hasToString("Broker(TERMINATED)");
    }

    @Test
    void shutdownAsksEveryParticipantOnceAndTerminatesOnlyWhenAllHaveStopped() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        AtomicInteger asked = new AtomicInteger();
        this.broker.addParticipant(() -> {
            asked.incrementAndGet();
            return first;
        });
        this.broker.addParticipant(() -> {
            asked.incrementAndGet();
            return second;
        });
        CompletableFuture<Void> done = this.broker.shutdown();
        assertThat(asked).hasValue(2);
        assertThat(this.broker.state()).isEqualTo(Broker.State.SHUTTING_DOWN);
        assertThat(this.broker.isShuttingDown()).isTrue();
        assertThat(done).isNotDone();
        first.complete(null);
        assertThat(done).isNotDone();
        assertThat(this.broker.state()).isEqualTo(Broker.State.SHUTTING_DOWN);
        second.complete(null);
        await().atMost(WAIT).until(done::isDone);
        assertThat(this.broker.state()).isEqualTo(Broker.State.TERMINATED);
        assertThat(asked).as("stopping twice would stop children twice").hasValue(2);
    }

    @Test
    void shutdownTwiceReturnsTheSameFutureAndAsksNobodyAgain() {
        CompletableFuture<Void> stopping = new CompletableFuture<>();
        AtomicInteger asked = new AtomicInteger();
        this.broker.addParticipant(() -> {
            asked.incrementAndGet();
            return stopping;
        });
        CompletableFuture<Void> once = this.broker.shutdown();
        CompletableFuture<Void> twice = this.broker.shutdown();
        assertThat(twice).isSameAs(once);
        assertThat(asked).hasValue(1);
        stopping.complete(null);
        await().atMost(WAIT).until(once::isDone);
        assertThat(this.broker.shutdown()).isSameAs(once).isCompleted();
        assertThat(asked).hasValue(1);
    }

    @Test
    void aParticipantThatFailsToStopOrThrowsDoesNotKeepTheBrokerRunning() {
        List<String> asked = new CopyOnWriteArrayList<>();
        this.broker.addParticipant(() -> {
            asked.add("throws");
            throw new IllegalStateException("participant bug");
        });
        this.broker.addParticipant(() -> {
            asked.add("fails");
            return CompletableFuture.failedFuture(new IllegalStateException("could not stop"));
        });
        this.broker.addParticipant(() -> {
            asked.add("stops");
            return CompletableFuture.completedFuture(null);
        });
        CompletableFuture<Void> done = this.broker.shutdown();
        await().atMost(WAIT).until(done::isDone);
        assertThat(asked).containsExactly("throws", "fails", "stops");
        assertThat(done).isCompletedWithValue(null);
        assertThat(this.broker.state()).isEqualTo(Broker.State.TERMINATED);
    }

    @Test
    void closeWaitsForTerminationAndIsIdempotent() {
        CompletableFuture<Void> stopping = new CompletableFuture<>();
        this.broker.addParticipant(() -> stopping);
        // Stops only once close() has begun the shutdown: close() must wait for it.
        Thread stopper = new Thread(() -> {
            await().atMost(WAIT).until(() -> this.broker.state() == Broker.State.SHUTTING_DOWN);
            stopping.complete(null);
        }, "stops-later");
        stopper.setDaemon(true);
        stopper.start();
        this.broker.close();
        assertThat(this.broker.state()).isEqualTo(Broker.State.TERMINATED);
        assertThat(this.broker.terminationFuture()).isCompleted();
        this.broker.close();
        assertThat(this.broker.state()).isEqualTo(Broker.State.TERMINATED);
    }

    @Test
    void aShutDownBrokerTakesNoNewRouterAndNoNewParticipant() {
        this.broker.close();
        assertThatThrownBy(() -> new Router(this.broker)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the broker is shut down; create a new Broker");
        assertThatThrownBy(() -> this.broker.addParticipant(() -> CompletableFuture.completedFuture(null)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aShuttingDownBrokerTakesNoNewParticipantEither() {
        CompletableFuture<Void> stopping = new CompletableFuture<>();
        this.broker.addParticipant(() -> stopping);
        this.broker.shutdown();
        try {
            assertThat(this.broker.state()).isEqualTo(Broker.State.SHUTTING_DOWN);
            assertThatThrownBy(() -> this.broker.addParticipant(() -> CompletableFuture.completedFuture(null)))
                    .isInstanceOf(IllegalStateException.class);
        }
        finally {
            stopping.complete(null);
        }
    }

    @Test
    void aTerminatedBrokerRunsNoMoreWork() {
        this.broker.close();
        assertThatThrownBy(() -> this.broker.defer(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> this.broker.schedule(() -> { }, Duration.ofMillis(1)))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aRouterOnARunningBrokerIsStoppedByItsShutdown() {
        Router router = new Router(this.broker);
        CompletableFuture<Void> done = this.broker.shutdown();
        await().atMost(WAIT).until(done::isDone);
        assertThat(this.broker.state()).isEqualTo(Broker.State.TERMINATED);
        assertThatThrownBy(router::local).isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("broker is shut down");
    }

    @Test
    void theGracePeriodMustBePositive() {
        assertThat(Broker.builder().shutdownGrace(Duration.ofSeconds(2)).shutdownHook(false).build())
                .satisfies((b) -> {
                    assertThat(b.shutdownGrace()).isEqualTo(Duration.ofSeconds(2));
                    b.close();
                });
        for (Duration bad : new Duration[] { null, Duration.ZERO, Duration.ofSeconds(-1) }) {
            assertThatThrownBy(() -> Broker.builder().shutdownGrace(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'shutdownGrace' must be a positive duration, not " + bad);
            assertThatThrownBy(() -> new Broker(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'shutdownGrace'");
        }
        assertThat(this.broker.shutdownGrace()).isEqualTo(Broker.DEFAULT_SHUTDOWN_GRACE);
    }
}
