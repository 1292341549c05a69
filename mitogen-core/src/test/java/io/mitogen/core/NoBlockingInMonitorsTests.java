package io.mitogen.core;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No blocking inside a monitor, checked in the bytecode of every core class.
 *
 * <p>A virtual thread that blocks while it holds a monitor pins its carrier on Java 21 to 23
 * (and {@code Object.wait} does on every version before 24). {@link VirtualThreadTests} proves
 * there is no pin on the call path, but it runs on Java 25, where monitors no longer pin, so it
 * cannot catch a {@code synchronized} block that comes back. This test can: it reads each
 * method's code with {@code javap} and fails on every {@code Object.wait}, and on every call that
 * can block (I/O, sleeping, waiting on a future, a queue, a lock or a process) made inside a
 * {@code synchronized} method or block, unless the place is listed below with the reason it is
 * no caller's thread.
 */
class NoBlockingInMonitorsTests {

    /** Where a monitor is held around a blocking call on purpose, and why no caller waits there. */
    private static final Map<String, String> ALLOWED = Map.of(
            "io.mitogen.core.internal.logging.StdoutForwarder.flushLoop",
            "the forwarder's own platform thread, which only flushes what the child printed",
            "io.mitogen.core.internal.router.Stream.awaitBacklogBelow",
            "waits (100 ms at a time) for a stream's writer; callers are the relay's own platform threads",
            "io.mitogen.core.internal.transport.Handshake.sendBundle",
            "writes the bundle to a child being started, on the connecting thread, under the link's lock",
            "io.mitogen.core.internal.transport.PromptingLink.answer",
            "answers a password prompt on the link's own reading thread");

    /** Calls that may block, as {@code owner.name} in javap's comment form. */
    private static final List<String> BLOCKING = List.of("java/lang/Object.wait", "java/lang/Thread.sleep",
            "java/lang/Thread.join", "java/lang/Process.waitFor", "java/util/concurrent/locks/LockSupport.park",
            "java/util/concurrent/locks/Condition.await", "java/util/concurrent/CountDownLatch.await",
            "java/util/concurrent/Future.get", "java/util/concurrent/CompletableFuture.get",
            "java/util/concurrent/CompletableFuture.join", "java/util/concurrent/BlockingQueue.take",
            "java/util/concurrent/BlockingQueue.put", "java/util/concurrent/LinkedBlockingQueue.take",
            "java/util/concurrent/LinkedBlockingQueue.put", "java/util/concurrent/Semaphore.acquire",
            "java/io/InputStream.read", "java/io/DataInputStream.read", "java/io/OutputStream.write",
            "java/io/OutputStream.flush", "java/io/BufferedOutputStream.write", "java/io/BufferedOutputStream.flush",
            "java/io/DataInputStream.readFully", "java/nio/channels/");

    @Test
    void coreClassesNeverBlockInsideAMonitor() throws IOException {
        List<String> findings = new ArrayList<>();
        Set<String> allowedFound = new TreeSet<>();
        for (String finding : scan(classFiles(Paths.get("target/classes")))) {
            String place = finding.substring(0, finding.indexOf(':'));
            if (ALLOWED.containsKey(place)) {
                allowedFound.add(place);
            }
            else {
                findings.add(finding);
            }
        }
        assertThat(allowedFound).as("every place listed in ALLOWED still blocks in a monitor (else remove it)")
                .containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
        assertThat(findings).as("blocking inside a monitor pins a virtual thread's carrier on Java 21-23: use a "
                + "ReentrantLock and Condition, or list the place in ALLOWED with the reason").isEmpty();
    }

    @Test
    void findsBlockingInASynchronizedMethodOrBlockAndEveryWait() {
        Path pinning = Paths.get("target/test-classes/io/mitogen/core/NoBlockingInMonitorsTests$Pinning.class");
        assertThat(scan(List.of(pinning))).containsExactlyInAnyOrder(
                "io.mitogen.core.NoBlockingInMonitorsTests$Pinning.sleepsInASynchronizedMethod: java/lang/Thread.sleep",
                "io.mitogen.core.NoBlockingInMonitorsTests$Pinning.waitsInABlock: java/lang/Object.wait",
                "io.mitogen.core.NoBlockingInMonitorsTests$Pinning.joinsInABlock: java/util/concurrent/CompletableFuture.join");
    }

    /** Findings in class files, as {@code class.method: call}; one javap run for them all. */
    static List<String> scan(List<Path> classFiles) {
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow(() -> new IllegalStateException(
                "javap is not in this runtime: run the tests on a JDK"));
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("-c", "-p"));
        classFiles.forEach((file) -> args.add(file.toString()));
        int status = javap.run(new PrintWriter(out), new PrintWriter(out), args.toArray(new String[0]));
        assertThat(status).as(out.toString()).isZero();
        List<String> findings = new ArrayList<>();
        String className = null;
        String method = null;
        boolean synchronizedMethod = false;
        int monitors = 0;
        for (String line : out.toString().split("\n")) {
            if (!line.startsWith(" ") && line.endsWith("{")) {
                // The class's header: "final class io.mitogen.core.SendWindow {"
                className = line.replaceFirst("^.*?\\b(class|interface|enum|record) ", "").split("[ <{]")[0];
            }
            else if (line.equals("  static {};")) {
                method = "<clinit>";
                synchronizedMethod = false;
                monitors = 0;
            }
            else if (line.startsWith("  ") && !line.startsWith("   ") && line.contains("(")) {
                // A method's header: "  synchronized void grant(int, long);"
                String head = line.substring(0, line.indexOf('(')).trim();
                method = head.substring(head.lastIndexOf(' ') + 1);
                method = method.substring(method.lastIndexOf('.') + 1);
                synchronizedMethod = (" " + head + " ").contains(" synchronized ");
                monitors = 0;
            }
            else if (line.contains(": monitorenter")) {
                monitors++;
            }
            else if (line.contains(": monitorexit")) {
                // The exception handler's second exit follows the normal one in code order.
                monitors = Math.max(0, monitors - 1);
            }
            else if (line.contains(": invoke") && line.contains("// ")) {
                String target = line.substring(line.indexOf("// ") + 3).replaceFirst("^(Interface)?Method ", "");
                String call = target.contains(":") ? target.substring(0, target.indexOf(':')) : target;
                boolean waits = call.equals("java/lang/Object.wait");
                boolean blocks = BLOCKING.stream().anyMatch((blocking) -> call.startsWith(blocking)
                        && (blocking.endsWith("/") || call.length() == blocking.length()));
                if (waits || (blocks && (synchronizedMethod || monitors > 0))) {
                    String finding = className + "." + method + ": " + (waits ? "java/lang/Object.wait" : call);
                    if (!findings.contains(finding)) {
                        findings.add(finding);
                    }
                }
            }
        }
        return findings;
    }

    private static List<Path> classFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter((file) -> file.toString().endsWith(".class")).sorted().collect(Collectors.toList());
        }
    }

    /** What the check must find: each method blocks inside a monitor in its own way. */
    static final class Pinning {

        private final Object lock = new Object();

        synchronized void sleepsInASynchronizedMethod() throws InterruptedException {
            Thread.sleep(1);
        }

        void waitsInABlock() throws InterruptedException {
            synchronized (this.lock) {
                this.lock.wait(1);
            }
        }

        void joinsInABlock(java.util.concurrent.CompletableFuture<?> future) {
            synchronized (this.lock) {
                future.join();
            }
        }

        void blocksOutsideAnyMonitor(java.util.concurrent.CompletableFuture<?> future) throws InterruptedException {
            Thread.sleep(1);
            future.join();
            synchronized (this.lock) {
                this.lock.notifyAll();
            }
            new TreeSet<>(List.of(1)).first();
        }
    }
}
