package io.mitogen.spring.health;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.mitogen.core.Context;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.HostState;
import io.mitogen.spring.HostStatus;

/**
 * Health of one host ({@code /actuator/health/mitogen/<host>}): UP with the round-trip time of a
 * ping bounded by a timeout, the remote Java version, pid and uptime; DOWN with the reason; and
 * UNKNOWN for a host never used, which is not connected just to check it unless configured.
 */
public class MitogenHostHealthIndicator extends AbstractHealthIndicator {

    private final Contexts contexts;

    private final String name;

    private final Duration timeout;

    private final boolean connect;

    /**
     * @param timeout the longest the ping may take: health never hangs
     * @param connect whether to connect a host that is not connected
     */
    public MitogenHostHealthIndicator(Contexts contexts, String name, Duration timeout, boolean connect) {
        super("Health check of mitogen host '" + name + "' failed");
        this.contexts = contexts;
        this.name = name;
        this.timeout = timeout;
        this.connect = connect;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        HostStatus status = this.contexts.status(this.name);
        Context context = status.context();
        if (context == null && this.connect && status.state() != HostState.FAILED) {
            context = this.contexts.get(this.name);
            status = this.contexts.status(this.name);
        }
        builder.withDetail("state", status.state().name());
        if (context == null) {
            if (status.state() == HostState.NOT_CONNECTED) {
                builder.unknown();
            }
            else {
                builder.down();
            }
            if (status.lastError() != null) {
                builder.withDetail("error", status.lastError());
            }
            return;
        }
        Duration roundTrip = context.ping(this.timeout);
        builder.up()
            .withDetail("roundTripMicros", roundTrip.toNanos() / 1000)
            .withDetail("javaVersion", String.valueOf(context.javaVersion()))
            .withDetail("pid", context.pid());
        Long startMillis = context.startMillis();
        if (startMillis != null) {
            builder.withDetail("uptime", Duration.between(Instant.ofEpochMilli(startMillis), Instant.now()).toString());
        }
    }

}
