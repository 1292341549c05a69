package io.mitogen.core;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.testing.CapturingAppender;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace a {@link CallObserver} hands over travels with the call: what a real child logs
 * while serving it arrives here with {@code traceId}/{@code spanId} in the MDC.
 */
class TraceContextTests {

    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    static final String SPAN = "00f067aa0ba902b7";

    /** What the observer hands over for the next call on this thread: {traceId, spanId}, or null. */
    static final ThreadLocal<String[]> current = new ThreadLocal<>();

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    static Context child;

    static Context grandchild;

    @BeforeAll
    static void start() {
        router = mitogen.router();
        router.addCallObserver((context, method) -> {
            String[] ids = current.get();
            return new CallObserver.Completion() {
                @Override
                public void callCompleted(boolean failed) {
                }

                @Override
                public String traceId() {
                    return (ids != null) ? ids[0] : null;
                }

                @Override
                public String spanId() {
                    return (ids != null) ? ids[1] : null;
                }
            };
        });
        child = router.local();
        grandchild = router.local(LocalOptions.builder().via(child).build());
    }

    @Test
    void recordsLoggedWhileServingATracedCallCarryItsTraceAndTheNextCallsDoNot() {
        current.set(new String[] { TRACE, SPAN });
        try {
            assertThat(child.call(Tasks::logWithSlf4j, "traced")).isEqualTo("logged");
        }
        finally {
            current.remove();
        }
        child.call(Tasks::logWithSlf4j, "untraced");
        assertThat(mdcOf(child, "app.tasks: hello traced")).containsEntry("traceId", TRACE).containsEntry("spanId", SPAN)
                .containsEntry("mitogen.context", child.name());
        assertThat(mdcOf(child, "app.tasks: failed traced")).containsEntry("traceId", TRACE);
        // The child forgets the trace when the call ends.
        assertThat(mdcOf(child, "app.tasks: hello untraced")).doesNotContainKeys("traceId", "spanId");
    }

    @Test
    void theTraceReachesAGrandchildThroughItsParent() {
        current.set(new String[] { TRACE, SPAN });
        try {
            grandchild.call(Tasks::logWithSlf4j, "deep");
        }
        finally {
            current.remove();
        }
        assertThat(mdcOf(grandchild, "app.tasks: hello deep")).containsEntry("traceId", TRACE).containsEntry("spanId", SPAN);
    }

    @Test
    void idsThatAreNotShortTokensAreNotSent() {
        current.set(new String[] { "forged\n12:00 ERROR root - breach", SPAN });
        try {
            child.call(Tasks::logWithSlf4j, "forged");
        }
        finally {
            current.remove();
        }
        current.set(new String[] { "a".repeat(65), SPAN });
        try {
            child.call(Tasks::logWithSlf4j, "long");
        }
        finally {
            current.remove();
        }
        assertThat(mdcOf(child, "app.tasks: hello forged")).doesNotContainKeys("traceId", "spanId");
        assertThat(mdcOf(child, "app.tasks: hello long")).doesNotContainKeys("traceId", "spanId");
    }

    @Test
    void aChildsForgedIdsStayOutOfTheMdc() {
        // As a hostile child's FORWARD_LOG record arrives at the parent's sink.
        Log.forwarded("forger", "app", Log.INFO, "one", null, null, "abc\r\nINFO fake", "ok");
        Log.forwarded("forger", "app", Log.INFO, "two", null, null, 42, List.of("x"));
        Log.forwarded("forger", "app", Log.INFO, "three", null, null, "abc", "bad span!");
        List<ILoggingEvent> events = CapturingAppender.from("forger");
        assertThat(events).hasSize(3);
        assertThat(events.get(0).getMDCPropertyMap()).doesNotContainKeys("traceId", "spanId");
        assertThat(events.get(1).getMDCPropertyMap()).doesNotContainKeys("traceId", "spanId");
        assertThat(events.get(2).getMDCPropertyMap()).containsEntry("traceId", "abc").doesNotContainKey("spanId");
    }

    private static Map<String, String> mdcOf(Context context, String message) {
        return CapturingAppender.from(context.name()).stream()
                .filter((event) -> event.getFormattedMessage().equals(message))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no record '" + message + "' from " + context + " in "
                        + CapturingAppender.messages(context.name())))
                .getMDCPropertyMap();
    }
}
