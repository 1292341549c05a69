package io.mitogen.core.testing;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.awaitility.Awaitility.await;

/**
 * Registered for every test class (service loader + autodetection): after a class, no process
 * started by this JVM may still run. Children get a moment to exit (they were told to), never
 * longer than a shutdown grace period.
 */
public final class NoProcessLeftBehind implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        await("processes left behind by " + context.getDisplayName())
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    List<String> alive = descendants();
                    if (!alive.isEmpty()) {
                        throw new AssertionError("still running: " + alive);
                    }
                });
    }

    public static List<String> descendants() {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .map((p) -> p.pid() + " " + p.info().commandLine().orElse("?").replaceAll("echo \\S+", "echo <jar>"))
                .collect(Collectors.toList());
    }
}
