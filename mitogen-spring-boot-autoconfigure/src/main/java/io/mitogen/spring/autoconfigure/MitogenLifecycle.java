package io.mitogen.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

import io.mitogen.core.Broker;
import io.mitogen.core.Router;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.autoconfigure.MitogenProperties.Connect;

/**
 * Ties the {@link Broker} to the application's lifecycle: eager hosts connect when it starts;
 * when it stops, every child is stopped, after the web server has drained its requests (the
 * default phase {@code 0} is lower than the web server's, so it stops later).
 */
class MitogenLifecycle implements SmartLifecycle {

    private final Broker broker;

    private final Router router;

    private final Contexts contexts;

    private final MitogenProperties properties;

    private final AtomicBoolean running = new AtomicBoolean();

    MitogenLifecycle(Broker broker, Router router, Contexts contexts, MitogenProperties properties) {
        this.broker = broker;
        this.router = router;
        this.contexts = contexts;
        this.properties = properties;
    }

    /**
     * Connects the eager hosts all at once, at most the router's
     * {@link Router#connectPoolSize()} at a time (a host waits for its {@code via} host), so
     * that start-up costs about the slowest host, not their sum. Every one is waited for; the
     * first to fail in configuration order stops the start.
     */
    @Override
    public void start() {
        this.running.set(true);
        Map<String, MitogenProperties.Host> eager = new LinkedHashMap<>();
        this.properties.getHosts().forEach((name, host) -> {
            if (host.getConnect() == Connect.EAGER) {
                eager.put(name, host);
            }
        });
        if (eager.isEmpty()) {
            return;
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(eager.size(), this.router.connectPoolSize()),
                (task) -> {
                    Thread thread = new Thread(task, "mitogen-eager-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            Map<String, Future<?>> connecting = new LinkedHashMap<>();
            eager.keySet().forEach((name) -> connecting.put(name, pool.submit(() -> this.contexts.get(name))));
            EagerHostConnectException failed = null;
            for (Map.Entry<String, Future<?>> each : connecting.entrySet()) {
                RuntimeException cause = outcome(each.getValue());
                if (cause != null && failed == null) {
                    failed = new EagerHostConnectException(each.getKey(), eager.get(each.getKey()), cause);
                }
            }
            if (failed != null) {
                throw failed;
            }
        }
        finally {
            pool.shutdown();
        }
    }

    private static @Nullable RuntimeException outcome(Future<?> connect) {
        try {
            connect.get();
            return null;
        }
        catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException runtime) {
                return runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            return new IllegalStateException(cause);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new IllegalStateException("interrupted while eager hosts connected", ex);
        }
    }

    @Override
    public void stop() {
        this.contexts.close();
        this.broker.close();
        this.running.set(false);
    }

    @Override
    public void stop(Runnable callback) {
        // First, so that the children going with the broker are neither reported lost nor reconnected.
        this.contexts.close();
        this.broker.shutdown().whenComplete((ok, failure) -> {
            this.running.set(false);
            callback.run();
        });
    }

    @Override
    public boolean isRunning() {
        return this.running.get();
    }

    @Override
    public int getPhase() {
        return this.properties.getLifecyclePhase();
    }

    @Override
    public boolean isPauseable() {
        return false;
    }

}
