package io.mitogen.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mitogen.core.testing.ChannelTasks;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@link Receiver#toCompletableFuture()} and {@link Select} over channels, with real children. */
class FuturesAndSelectTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    static Context a;

    static Context b;

    /** Threads that delivered answers (a call listener runs on them). */
    static final Set<Thread> delivering = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() {
        router = mitogen.router();
        router.addCallListener((context, method, elapsed, failed) -> delivering.add(Thread.currentThread()));
        a = router.local();
        b = router.local();
    }

    @Test
    void futureCompletesWithTheValue() throws Exception {
        assertThat(a.callAsync(Tasks::add, 1, 2).toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(3);
    }

    @Test
    void futureFailsWithTheExceptionGetThrows() {
        Receiver<String> receiver = a.callAsync(Tasks::fail, "no such file");
        Throwable fromFuture = catchThrowable(() -> receiver.toCompletableFuture().get(30, TimeUnit.SECONDS));
        Throwable fromGet = catchThrowable(receiver::get);
        assertThat(fromFuture).isInstanceOf(ExecutionException.class);
        assertThat(fromFuture.getCause()).isInstanceOf(CallException.class).isSameAs(fromGet)
            .hasMessageContaining("no such file");
    }

    @Test
    void futureOfALostContextFailsWithContextDisconnected() {
        Context doomed = router.local();
        CompletableFuture<Void> hanging = doomed.runAsync(Tasks::hang).toCompletableFuture();
        ProcessHandle.of(doomed.pid()).orElseThrow().destroyForcibly();
        assertThatThrownBy(() -> hanging.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(ContextDisconnectedException.class);
    }

    @Test
    void stagesNeverRunOnTheThreadThatDeliveredTheAnswer() throws Exception {
        List<CompletableFuture<Thread>> stages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stages.add(a.callAsync(Tasks::add, i, 1).toCompletableFuture().thenApply((sum) -> Thread.currentThread()));
        }
        CompletableFuture.allOf(stages.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        assertThat(delivering).isNotEmpty();
        for (CompletableFuture<Thread> stage : stages) {
            assertThat(delivering).doesNotContain(stage.get());
        }
    }

    @Test
    void futureCompletesOnTheGivenExecutor() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor((task) -> new Thread(task, "app-pool"));
        try {
            String thread = a.callAsync(Tasks::add, 1, 1).toCompletableFuture(pool)
                .thenApply((sum) -> Thread.currentThread().getName())
                .get(30, TimeUnit.SECONDS);
            assertThat(thread).isEqualTo("app-pool");
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void futuresComposeWithAllOf() throws Exception {
        CompletableFuture<Long> pidA = a.callAsync(Tasks::pid).toCompletableFuture();
        CompletableFuture<Long> pidB = b.callAsync(Tasks::pid).toCompletableFuture();
        List<Long> pids = CompletableFuture.allOf(pidA, pidB)
            .thenApply((done) -> List.of(pidA.join(), pidB.join()))
            .get(30, TimeUnit.SECONDS);
        assertThat(pids).containsExactly(a.pid(), b.pid());
    }

    @Test
    void alreadyArrivedAnswerStillCompletesTheFuture() throws Exception {
        Receiver<Integer> receiver = a.callAsync(Tasks::add, 2, 2);
        receiver.get();
        assertThat(receiver.toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(4);
    }

    @Test
    void selectYieldsAnswersAndChannelValuesUntilAllAreDone() {
        try (Channel<Integer> numbers = router.channel(Integer.class)) {
            List<Receiver<Integer>> calls = List.of(a.callAsync(ChannelTasks::count, numbers.sender(), 3),
                    b.callAsync(ChannelTasks::count, numbers.sender(), 2));
            List<Integer> values = new ArrayList<>();
            List<Integer> answers = new ArrayList<>();
            for (Select.Event<Integer> event : Select.of(calls, List.of(numbers)).events()) {
                if (event.isAnswer()) {
                    answers.add(event.value());
                    assertThat(event.receiver().isReady()).isTrue();
                }
                else {
                    assertThat(event.channel()).isSameAs(numbers);
                    assertThat(event.context()).isIn(a, b);
                    values.add(event.value());
                }
            }
            assertThat(answers).containsExactlyInAnyOrder(3, 2);
            assertThat(values).containsExactlyInAnyOrder(0, 1, 2, 0, 1);
        }
    }

    @Test
    void selectOverAChannelAloneEndsWhenItsSendersAreDone() {
        try (Channel<Integer> numbers = router.channel(Integer.class)) {
            Receiver<Integer> call = a.callAsync(ChannelTasks::count, numbers.sender(), 4);
            Select<Integer> select = Select.of(List.of(), List.of(numbers));
            List<Integer> values = new ArrayList<>();
            Select.Event<Integer> event;
            while ((event = select.nextEvent(Duration.ofSeconds(30))) != null) {
                values.add(event.value());
            }
            assertThat(values).containsExactly(0, 1, 2, 3);
            assertThat(call.get()).isEqualTo(4);
            assertThat(numbers.watchers).as("the select stopped watching the ended channel").isEmpty();
        }
    }

    @Test
    void selectTimesOutWhenNothingArrivesAndReceiverOnlyReadingIsRefused() {
        try (Channel<String> quiet = router.channel(String.class)) {
            Receiver<String> waiting = a.callAsync(ChannelTasks::waitUntilClosed, quiet.sender());
            Select<String> select = Select.of(List.of(waiting), List.of(quiet));
            assertThatThrownBy(() -> select.nextEvent(Duration.ofMillis(200))).isInstanceOf(ReceiveTimeoutException.class);
            assertThatThrownBy(select::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("events()");
            quiet.close();
            assertThat(waiting.get(Duration.ofSeconds(30))).isEqualTo("closed by its owner");
        }
    }

}
