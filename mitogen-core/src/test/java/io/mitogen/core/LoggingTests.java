package io.mitogen.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import io.mitogen.core.testing.CapturingAppender;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Logs, stdout and stderr of children reach the parent's SLF4J as records of mitogen.ctx.<name>. */
class LoggingTests {

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

    @Test
    void slf4jRecordsArriveBeforeTheResultWithLoggerLevelThreadAndException() {
        assertThat(child.call(Tasks::logWithSlf4j, "one")).isEqualTo("logged");
        // No waiting: a record logged before a call returns arrives before its result.
        ILoggingEvent hello = event(child, "app.tasks: hello one");
        assertThat(hello.getLoggerName()).isEqualTo("mitogen.ctx." + child.name());
        assertThat(hello.getLevel()).isEqualTo(Level.INFO);
        assertThat(hello.getMDCPropertyMap()).containsEntry("mitogen.context", child.name())
                .containsEntry("mitogen.logger", "app.tasks").containsEntry("mitogen.thread", "main");
        ILoggingEvent failed = event(child, "app.tasks: failed one");
        assertThat(failed.getLevel()).isEqualTo(Level.ERROR);
        assertThat(failed.getThrowableProxy().getMessage()).isEqualTo("java.io.IOException: disk full");
        assertThat(failed.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
        assertThat(CapturingAppender.messages(child.name())).doesNotContain("app.tasks: quiet one");
    }

    @Test
    void recordsOfAGrandchildArriveUnderItsOwnName() {
        grandchild.call(Tasks::logWithSlf4j, "two");
        assertThat(CapturingAppender.messages(grandchild.name())).contains("app.tasks: hello two");
    }

    @Test
    void julAndSystemLoggerRecordsArrive() {
        child.call(Tasks::logWithJulAndSystemLogger, "three");
        assertThat(event(child, "app.jul: jul says three").getLevel()).isEqualTo(Level.WARN);
        assertThat(event(child, "app.sys: system logger says three").getLevel()).isEqualTo(Level.INFO);
        assertThat(CapturingAppender.messages(child.name())).doesNotContain("app.jul: jul is quiet three");
    }

    @Test
    void childForwardsOnlyWhatTheParentKeepsAndFollowsChanges() {
        Context fresh = router.local();
        ch.qos.logback.classic.Logger parentSide = (ch.qos.logback.classic.Logger) LoggerFactory
                .getLogger("mitogen.ctx." + fresh.name());
        try {
            fresh.call(Tasks::logWithSlf4j, "four");
            fresh.call(Tasks::logWithJulAndSystemLogger, "four");
            assertThat(CapturingAppender.messages(fresh.name())).doesNotContain("app.tasks: quiet four",
                    "app.jul: jul is quiet four");
            parentSide.setLevel(Level.DEBUG);
            router.refreshLogLevels();
            fresh.call(Tasks::logWithSlf4j, "five");
            fresh.call(Tasks::logWithJulAndSystemLogger, "five");
            assertThat(CapturingAppender.messages(fresh.name())).contains("app.tasks: quiet five",
                    "app.jul: jul is quiet five");
        }
        finally {
            parentSide.setLevel(null);
            fresh.shutdown();
        }
    }

    @Test
    void stdoutAndStderrOfTheChildAndItsSubprocessesArriveAsLines() {
        assertThat(child.call(Tasks::print, "six")).isZero();
        String hostname = child.call(() -> java.net.InetAddress.getLocalHost().getHostName());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(CapturingAppender.messages(child.name()))
                .contains("stdout: java says six", "stderr: java warns six", "stdout: " + hostname,
                        "stdout: no-newline-six")
                .anySatisfy((line) -> assertThat(line).startsWith("stdout: ").contains("load average")));
    }

    @Test
    void megabytesOfOutputInterleavedWithCallsAllArrive() {
        Context printer = router.local();
        try {
            for (int round = 0; round < 5; round++) {
                assertThat(printer.call(Tasks::printLines, 10_000, 100)).isEqualTo(10_000);
                assertThat(printer.call(Tasks::seq, 20_000)).isZero();
                assertThat(printer.call(Tasks::add, round, 1)).isEqualTo(round + 1);
            }
            long expected = 5 * (10_000 + 20_000);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> CapturingAppender.count(printer.name(), "stdout") == expected);
            assertThat(CapturingAppender.bytes(printer.name(), "stdout")).isGreaterThan(5 * 10_000 * 100L);
        }
        finally {
            printer.shutdown();
        }
    }

    @Test
    void aHundredMegabyteLineIsSplitIntoBoundedRecords() {
        Context printer = router.local(LocalOptions.builder().jvmArgs("-Xmx64m").build());
        try {
            assertThat(printer.call(Tasks::printWithoutNewline, 100L)).isEqualTo(100L);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> CapturingAppender.bytes(printer.name(), "stdout") == 100L * 1024 * 1024);
            assertThat(CapturingAppender.count(printer.name(), "stdout")).isGreaterThanOrEqualTo(100L * 1024 * 1024 / 8192);
            assertThat(CapturingAppender.longest()).isLessThanOrEqualTo(64 * 1024);
        }
        finally {
            printer.shutdown();
        }
    }

    @Test
    void aChildThatFloodsLogsCannotStarveCalls() {
        Context flooder = router.local();
        try {
            flooder.run(Tasks::startFlood);
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long start = System.nanoTime();
                assertThat(flooder.callAsync(Tasks::add, i, 1).get(Duration.ofSeconds(10))).isEqualTo(i + 1);
                micros.add((System.nanoTime() - start) / 1000);
            }
            flooder.run(Tasks::stopFlood);
            Collections.sort(micros);
            System.out.printf("call latency while a child floods logs: median %d us, p90 %d us, max %d us; "
                    + "%d records forwarded%n", micros.get(100), micros.get(180), micros.get(199),
                    CapturingAppender.count(flooder.name(), "app.flood"));
            assertThat(CapturingAppender.count(flooder.name(), "app.flood")).isPositive();
        }
        finally {
            flooder.shutdown();
        }
    }

    @Test
    void recordsLoggedBeforeShutdownAreNotLost(@TempDir Path dir) {
        Context logger = router.local();
        Path marker = dir.resolve("logged");
        logger.runNoReply(Tasks::logMany, 5_000, marker.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> marker.toFile().exists());
        logger.shutdown();
        assertThat(CapturingAppender.count(logger.name(), "app.many")).isEqualTo(5_000);
    }

    private static ILoggingEvent event(Context context, String message) {
        return CapturingAppender.from(context.name()).stream()
                .filter((e) -> e.getFormattedMessage().equals(message))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no record '" + message + "' from " + context + " in "
                        + CapturingAppender.messages(context.name())));
    }
}
