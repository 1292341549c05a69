package io.mitogen.core;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;

/** Large {@code byte[]} arguments and results, sent from the caller's array, against real children. */
class BulkCallTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.withLocalChildren(1);

    static Router router;

    static Context child;

    static Context grandchild;

    @BeforeAll
    static void start() {
        router = mitogen.router();
        child = mitogen.child(0);
        grandchild = router.local(LocalOptions.builder().via(child).build());
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aLargeArgumentComesBackIntactDirectAndThroughAnIntermediate() {
        byte[] data = random(9 * 1024 * 1024 + 3);
        assertThat(child.call(Tasks::echo, data)).isEqualTo(data);
        assertThat(grandchild.call(Tasks::echo, data)).isEqualTo(data);
    }

    @Test
    void anArrayChangedAfterCallAsyncReturnsIsSentAsItWasAtTheCall() {
        byte[] data = random(4 * 1024 * 1024);
        byte[] expected = data.clone();
        Receiver<byte[]> answer = child.callAsync(Tasks::echo, data);
        // callAsync returned: the frame is written, so the array is the caller's again.
        Arrays.fill(data, (byte) 7);
        assertThat(answer.get()).isEqualTo(expected);
    }

    @Test
    void manyBulkCallsInFlightKeepTheirOrderAndContent() {
        @SuppressWarnings("unchecked")
        Receiver<byte[]>[] answers = new Receiver[6];
        byte[][] sent = new byte[answers.length][];
        for (int i = 0; i < answers.length; i++) {
            sent[i] = random(200_000 + i);
            answers[i] = child.callAsync(Tasks::echo, sent[i]);
        }
        for (int i = 0; i < answers.length; i++) {
            assertThat(answers[i].get()).isEqualTo(sent[i]);
        }
        assertThat(child.call(Tasks::add, 1, 2)).isEqualTo(3);
    }
}
