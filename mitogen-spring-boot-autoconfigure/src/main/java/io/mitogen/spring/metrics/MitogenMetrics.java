package io.mitogen.spring.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.mitogen.core.Router;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.HostState;

/**
 * mitogen's meters: {@code mitogen.hosts} (hosts by {@code state}), {@code mitogen.calls} (a
 * timer by {@code host}, {@code method} and {@code outcome}), {@code mitogen.bytes} (by {@code direction})
 * and {@code mitogen.classes.served}. When calls are observations, {@code mitogen.calls} comes
 * from them instead ({@link MitogenCallsObservationHandler}).
 *
 * <p>The {@code host} tag is the name under {@code mitogen.hosts}, which stays the same when a
 * host is reconnected (a context's own name usually contains its pid), or {@code other} for
 * contexts started with the {@code Router} directly: the number of series stays bounded.
 */
public class MitogenMetrics implements MeterBinder {

    /** The {@code host} tag of calls to contexts that are not configured hosts. */
    private static final String OTHER_HOST = "other";

    /** The name of the calls timer. */
    public static final String CALLS = "mitogen.calls";

    static final String CALLS_DESCRIPTION = "Calls to contexts, from sending to the answer";

    private final Router router;

    private final Contexts contexts;

    private final boolean callTimer;

    /** Meters including the {@code mitogen.calls} timer, recorded from a call listener. */
    public MitogenMetrics(Router router, Contexts contexts) {
        this(router, contexts, true);
    }

    /**
     * @param callTimer whether to record {@code mitogen.calls} from a call listener; {@code false}
     *        when the calls are observations and {@link MitogenCallsObservationHandler} derives
     *        the timer from them
     */
    public MitogenMetrics(Router router, Contexts contexts, boolean callTimer) {
        this.router = router;
        this.contexts = contexts;
        this.callTimer = callTimer;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (HostState state : HostState.values()) {
            Gauge.builder("mitogen.hosts", this.contexts, (contexts) -> count(contexts, state))
                .tag("state", state.name())
                .description("Configured hosts in this state")
                .register(registry);
        }
        FunctionCounter.builder("mitogen.bytes", this.router, Router::bytesSent)
            .tag("direction", "sent")
            .baseUnit("bytes")
            .description("Bytes exchanged with children, frames included, by direction")
            .register(registry);
        FunctionCounter.builder("mitogen.bytes", this.router, Router::bytesReceived)
            .tag("direction", "received")
            .baseUnit("bytes")
            .description("Bytes exchanged with children, frames included, by direction")
            .register(registry);
        FunctionCounter.builder("mitogen.classes.served", this.router,
                (router) -> router.classLoadingStats().classesServed())
            .description("Classes sent to children by remote class loading")
            .register(registry);
        if (!this.callTimer) {
            return;
        }
        this.router.addCallListener((context, method, elapsed, failed) -> Timer.builder(CALLS)
            .tag("host", this.contexts.nameOf(context).orElse(OTHER_HOST))
            .tag("method", method)
            .tag("outcome", failed ? "failure" : "success")
            .description(CALLS_DESCRIPTION)
            .register(registry)
            .record(elapsed));
    }

    private static double count(Contexts contexts, HostState state) {
        return contexts.statuses().values().stream().filter((status) -> status.state() == state).count();
    }

}
