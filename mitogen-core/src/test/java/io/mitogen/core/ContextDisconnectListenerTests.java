package io.mitogen.core;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mitogen.core.testing.MitogenFixture;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Context#onDisconnect}: watchers hear once that a real child is gone. */
class ContextDisconnectListenerTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    @BeforeAll
    static void start() {
        router = mitogen.router();
    }

    @Test
    void runsOnceWhenTheChildIsKilledAndAtOnceWhenAlreadyGone() throws Exception {
        Context child = router.local();
        CountDownLatch gone = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        child.onDisconnect(() -> {
            runs.incrementAndGet();
            gone.countDown();
        });
        child.onDisconnect(() -> {
            throw new IllegalStateException("a watcher's bug");
        });
        ProcessHandle.of(child.pid()).orElseThrow().destroyForcibly();
        assertThat(gone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.isConnected()).isFalse();
        AtomicInteger late = new AtomicInteger();
        child.onDisconnect(late::incrementAndGet);
        assertThat(late).hasValue(1);
        assertThat(runs).hasValue(1);
        // The router keeps working after a watcher threw.
        assertThat(router.local().ping(Duration.ofSeconds(10))).isPositive();
    }

    @Test
    void runsWhenTheChildIsShutDown() {
        Context child = router.local();
        AtomicInteger runs = new AtomicInteger();
        child.onDisconnect(runs::incrementAndGet);
        child.shutdown();
        assertThat(runs).hasValue(1);
    }

}
