package io.mitogen.spring.health;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.mitogen.core.Context;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.HostState;
import io.mitogen.spring.HostStatus;

/**
 * Health of one host ({@code /actuator/health/mitogen/<host>}): UP with the round-trip time of a
 * ping bounded by a timeout, the remote Java version, pid and uptime; the unreachable status
 * (by default {@code UNREACHABLE}, which Boot's aggregation ignores, so that one lost host does
 * not make the application DOWN; or {@code DOWN}) with the state and the last error; and UNKNOWN
 * for a host never used, which is not connected just to check it unless configured.
 */
public class MitogenHostHealthIndicator extends AbstractHealthIndicator {

    private final Contexts contexts;

    private final String name;

    private final Duration timeout;

    private final boolean connect;

    private final Status unreachable;

    /**
     * @param timeout the longest the ping may take: health never hangs
     * @param connect whether to connect a host that is not connected
     * @param unreachable the status of a host that was lost or failed to connect
     */
    public MitogenHostHealthIndicator(Contexts contexts, String name, Duration timeout, boolean connect,
            Status unreachable) {
        super("Health check of mitogen host '" + name + "' failed");
        this.contexts = contexts;
        this.name = name;
        this.timeout = timeout;
        this.connect = connect;
        this.unreachable = unreachable;
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
                builder.status(this.unreachable);
            }
            if (status.lastError() != null) {
                builder.withDetail("error", status.lastError());
            }
            return;
        }
        Duration roundTrip;
        try {
            roundTrip = context.ping(this.timeout);
        }
        catch (RuntimeException ex) {
            builder.status(this.unreachable).withDetail("error", "no answer to a ping: " + ex.getMessage());
            return;
        }
        builder.up()
            .withDetail("roundTripMicros", roundTrip.toNanos() / 1000)
            .withDetail("javaVersion", String.valueOf(context.javaVersion()))
            .withDetail("pid", context.pid());
        Long startMillis = context.startMillis();
        if (startMillis != null) {
            builder.withDetail("uptime", uptime(startMillis));
        }
    }

    /** The child's uptime in whole seconds, ISO-8601 ({@code PT2H5M3S}): nanoseconds tell an operator nothing. */
    public static String uptime(long startMillis) {
        return Duration.ofSeconds(Duration.between(Instant.ofEpochMilli(startMillis), Instant.now()).toSeconds()).toString();
    }

}
