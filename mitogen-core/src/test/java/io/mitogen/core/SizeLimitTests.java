package io.mitogen.core;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.testing.CapturingAppender;
import io.mitogen.core.testing.HardeningTasks;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Values over the frame limit are refused where they are made, before anything is sent: the
 * context they were meant for keeps working.
 */
class SizeLimitTests {

    static final int TOO_LARGE = Frames.DEFAULT_MAX_MESSAGE_SIZE + 1024;

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.withLocalChildren(1);

    static Router router;

    static Context child;

    @BeforeAll
    static void start() {
        router = mitogen.router();
        child = mitogen.child(0);
    }

    @Test
    void anArgumentOverTheLimitIsRefusedAtTheCallSiteAndTheContextLivesOn() {
        byte[] big = new byte[TOO_LARGE];
        assertThatThrownBy(() -> child.call(HardeningTasks::length, big))
                .isInstanceOf(MessageTooLargeException.class).isInstanceOf(CodecException.class)
                .hasMessageContaining("the arguments of")
                .hasMessageMatching(".*\\(1342\\d{5} bytes encoded\\).*")
                .hasMessageContaining(String.valueOf(Frames.DEFAULT_MAX_MESSAGE_SIZE))
                .hasMessageContaining("router.files()");
        assertThat(child.call(Tasks::add, 1, 2)).isEqualTo(3);
        assertThat(child.isConnected()).isTrue();
    }

    @Test
    void aResultOverTheLimitFailsOnlyThatCall() {
        assertThatThrownBy(() -> child.call(HardeningTasks::bytes, TOO_LARGE))
                .isInstanceOf(CallException.class)
                .hasMessageContaining("the result of the call")
                .hasMessageContaining("exceeds the maximum message size of " + Frames.DEFAULT_MAX_MESSAGE_SIZE)
                .hasMessageContaining("router.files()");
        assertThat(child.call(Tasks::add, 2, 3)).isEqualTo(5);
        assertThat(child.call(HardeningTasks::bytes, 1024)).hasSize(1024);
    }

    @Test
    void aChannelValueOverTheLimitFailsThatSendOnlyAndTheChannelGoesOn() {
        try (Channel<byte[]> channel = router.channel(byte[].class)) {
            Receiver<String> call = child.callAsync(HardeningTasks::sendTooLarge, channel.sender(), TOO_LARGE);
            assertThat(channel.get(Duration.ofSeconds(30))).hasSize(3);
            assertThat(call.get(Duration.ofSeconds(30))).contains("a value sent on Sender(")
                    .contains("exceeds the maximum message size").contains("router.files()");
        }
        assertThat(child.call(Tasks::add, 3, 4)).isEqualTo(7);
    }

    @Test
    void aLogRecordOverTheLimitArrivesAsANoteAndTheChildLivesOn() {
        assertThat(child.call(HardeningTasks::logHuge, TOO_LARGE)).isEqualTo("logged");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(CapturingAppender.messages(child.name()))
                .anyMatch((m) -> m.contains("was left out: over the maximum message size")));
        assertThat(child.call(Tasks::add, 4, 5)).isEqualTo(9);
    }
}
