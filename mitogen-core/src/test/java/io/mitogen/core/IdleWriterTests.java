package io.mitogen.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stream's writer thread ends when nothing was queued for a while and starts again on the
 * next queued frame, so an idle link costs the master one thread (its reader).
 */
class IdleWriterTests {

    @Test
    void anIdleLinksWriterEndsAndTheNextQueuedFrameStartsItAgain() {
        try (Broker broker = new Broker()) {
            Context child = new Router(broker).local();
            String writer = "mitogen-write-" + child.name();
            byte[] bulk = new byte[4 * 1024 * 1024];
            // A bulk argument always goes through the queue: the writer runs.
            assertThat(child.call(Tasks::echo, bulk)).hasSize(bulk.length);
            await().atMost(Duration.ofSeconds(30)).until(() -> !threadRuns(writer));
            assertThat(child.call(Tasks::add, 1, 2)).as("written by the caller, no writer needed").isEqualTo(3);
            assertThat(threadRuns(writer)).isFalse();
            for (int round = 0; round < 3; round++) {
                // Many callers at once, so some frames queue behind others, then the writer idles out again.
                List<Receiver<byte[]>> answers = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    answers.add(child.callAsync(Tasks::echo, new byte[i * 1000]));
                }
                assertThat(child.call(Tasks::echo, bulk)).hasSize(bulk.length);
                for (int i = 0; i < answers.size(); i++) {
                    assertThat(answers.get(i).get()).hasSize(i * 1000);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> !threadRuns(writer));
            }
            child.shutdown();
            assertThat(child.isConnected()).isFalse();
        }
    }

    private static boolean threadRuns(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch((t) -> t.getName().equals(name) && t.isAlive());
    }
}
