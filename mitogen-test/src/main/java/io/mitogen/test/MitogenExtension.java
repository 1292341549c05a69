package io.mitogen.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.mitogen.core.Broker;
import io.mitogen.core.Router;

/**
 * The JUnit 5 extension behind {@link MitogenTest}: a {@link Broker} and {@link Router} per test
 * class, resolved as parameters; after the class, the broker is closed (its children are told
 * to exit, and killed after its grace period) and every process started by this JVM since the
 * class began must have exited within {@link #LEFT_BEHIND_WAIT}, or the class fails naming them.
 */
public final class MitogenExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /** How long processes get to exit after the broker closed: longer than its default grace. */
    public static final Duration LEFT_BEHIND_WAIT = Duration.ofSeconds(10);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MitogenExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        store.put("before", descendants());
        Broker broker = new Broker();
        store.put(Broker.class, broker);
        store.put(Router.class, new Router(broker));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Broker broker = store.remove(Broker.class, Broker.class);
        store.remove(Router.class);
        if (broker != null) {
            broker.close();
        }
        @SuppressWarnings("unchecked")
        Set<Long> before = store.remove("before", Set.class);
        assertNoProcessLeft((before != null) ? before : Set.of(), LEFT_BEHIND_WAIT, context.getDisplayName());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Router.class || type == Broker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Object value = context.getStore(NAMESPACE).get(type);
        if (value == null) {
            throw new ParameterResolutionException("no " + type.getSimpleName() + ": @MitogenTest makes one per test class,"
                    + " and it is closed after the class");
        }
        return value;
    }

    /**
     * Waits at most {@code wait} for every process this JVM started, except those in
     * {@code before}, to exit (on their exit events, not by polling).
     *
     * @throws AssertionError naming those still running, with their command lines
     */
    public static void assertNoProcessLeft(Set<Long> before, Duration wait, String what) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<ProcessHandle> alive = new ArrayList<>();
        ProcessHandle.current().descendants().filter((p) -> !before.contains(p.pid())).forEach(alive::add);
        List<ProcessHandle> left = new ArrayList<>();
        for (ProcessHandle process : alive) {
            CompletableFuture<ProcessHandle> exit = process.onExit();
            try {
                exit.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (TimeoutException ex) {
                left.add(process);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the processes of " + what, ex);
            }
            catch (ExecutionException ex) {
                // The handle cannot tell: treat it as gone.
            }
        }
        if (!left.isEmpty()) {
            throw new AssertionError(what + " left processes running after " + wait + ": " + left.stream()
                .map((p) -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .collect(Collectors.joining("; ")));
        }
    }

    /** The pids of this JVM's living descendants now. */
    public static Set<Long> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
            .collect(Collectors.toSet());
    }

}
