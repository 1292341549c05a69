package io.mitogen.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A relay writes small frames itself when its target's queue is empty (the via round trip saves
 * two thread wake-ups); a grandchild that stops reading must still never stall its parent's
 * reading of its own parent's stream, which carries all the other traffic.
 */
class StalledRelayTests {

    @Test
    void aStoppedGrandchildNeverStallsItsParentsOtherTraffic() throws Exception {
        try (Broker broker = new Broker(Duration.ofMillis(500))) {
            Router router = new Router(broker);
            Context parent = router.local();
            Context grandchild = router.local(LocalOptions.builder().via(parent).build());
            long pid = grandchild.call(Tasks::pid);
            assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor()).isZero();
            try {
                // Far more than a pipe holds, in frames small enough to be written directly.
                List<Receiver<byte[]>> waiting = new ArrayList<>();
                byte[] small = new byte[3000];
                for (int i = 0; i < 200; i++) {
                    waiting.add(grandchild.callAsync(Tasks::echo, small));
                    // A bound, not a timing: a stalled relay would never answer.
                    assertThat(parent.callAsync(Tasks::add, i, 1).get(Duration.ofSeconds(30)))
                            .as("the parent answers while call %d waits", i).isEqualTo(i + 1);
                }
                assertThat(new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor()).isZero();
                for (Receiver<byte[]> answer : waiting) {
                    assertThat(answer.get(Duration.ofSeconds(60))).hasSize(small.length);
                }
            }
            finally {
                new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
            }
            assertThat(grandchild.call(Tasks::add, 2, 2)).isEqualTo(4);
        }
    }
}
