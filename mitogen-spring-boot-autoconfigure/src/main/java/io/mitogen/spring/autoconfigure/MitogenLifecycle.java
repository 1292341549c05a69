package io.mitogen.spring.autoconfigure;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.context.SmartLifecycle;

import io.mitogen.core.Broker;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.autoconfigure.MitogenProperties.Connect;

/**
 * Ties the {@link Broker} to the application's lifecycle: eager hosts connect when it starts;
 * when it stops, every child is stopped, after the web server has drained its requests (the
 * default phase {@code 0} is lower than the web server's, so it stops later).
 */
class MitogenLifecycle implements SmartLifecycle {

    private final Broker broker;

    private final Contexts contexts;

    private final MitogenProperties properties;

    private final AtomicBoolean running = new AtomicBoolean();

    MitogenLifecycle(Broker broker, Contexts contexts, MitogenProperties properties) {
        this.broker = broker;
        this.contexts = contexts;
        this.properties = properties;
    }

    @Override
    public void start() {
        this.running.set(true);
        this.properties.getHosts().forEach((name, host) -> {
            if (host.getConnect() == Connect.EAGER) {
                try {
                    this.contexts.get(name);
                }
                catch (RuntimeException ex) {
                    throw new EagerHostConnectException(name, host, ex);
                }
            }
        });
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
