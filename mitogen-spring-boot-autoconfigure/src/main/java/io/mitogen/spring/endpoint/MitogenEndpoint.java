package io.mitogen.spring.endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.mitogen.core.ClassLoadingStats;
import io.mitogen.core.Context;
import io.mitogen.core.LinkTraffic;
import io.mitogen.core.Router;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.HostStatus;
import io.mitogen.spring.NoSuchHostException;
import io.mitogen.spring.health.MitogenHostHealthIndicator;

/**
 * {@code /actuator/mitogen}: every context the application's router can reach, as a tree (each
 * context under the one that started it), with the configured hosts that are not connected;
 * {@code /actuator/mitogen/{host}} for one host; and a write operation that shuts a host's
 * context down (the next use starts it again). Nothing shown is a configuration value: no
 * password, key or argument, only names, ids, states and counts.
 *
 * <p>Read-only by default ({@code management.endpoint.mitogen.access=unrestricted} allows the
 * write operation) and, like every endpoint but health, not exposed on the web unless
 * {@code management.endpoints.web.exposure.include} names it.
 */
@Endpoint(id = "mitogen", defaultAccess = Access.READ_ONLY)
public class MitogenEndpoint {

    private final Router router;

    private final Contexts contexts;

    public MitogenEndpoint(Router router, Contexts contexts) {
        this.router = router;
        this.contexts = contexts;
    }

    /** The tree of contexts, and this router's totals. */
    @ReadOperation
    public TreeDescriptor contexts() {
        Map<String, HostStatus> statuses = this.contexts.statuses();
        Map<Context, HostStatus> hostOf = new LinkedHashMap<>();
        statuses.values().forEach((status) -> {
            if (status.context() != null) {
                hostOf.put(status.context(), status);
            }
        });
        Map<Integer, ContextDescriptor> byId = new LinkedHashMap<>();
        List<ContextDescriptor> roots = new ArrayList<>();
        Context myself = this.router.myself();
        for (Context context : this.router.knownContexts()) {
            if (context != myself) {
                byId.put(context.id(), describe(context, hostOf.get(context)));
            }
        }
        for (Context context : this.router.knownContexts()) {
            ContextDescriptor node = byId.get(context.id());
            if (node == null) {
                continue;
            }
            ContextDescriptor parent = (context.via() != null) ? byId.get(context.via().id()) : null;
            ((parent != null) ? parent.children : roots).add(node);
        }
        // Configured hosts without a context now: under their via host if it is connected.
        statuses.values().stream().filter((status) -> status.context() == null).forEach((status) -> {
            ContextDescriptor node = describe(null, status);
            ContextDescriptor parent = viaNode(status, statuses, byId);
            ((parent != null) ? parent.children : roots).add(node);
        });
        return new TreeDescriptor(this.router.bytesSent(), this.router.bytesReceived(),
                stats(this.router.classLoadingStats()), roots);
    }

    /** One configured host, or {@code null} (404) if there is none of that name. */
    @ReadOperation
    public @Nullable ContextDescriptor host(@Selector String host) {
        HostStatus status;
        try {
            status = this.contexts.status(host);
        }
        catch (NoSuchHostException ex) {
            return null;
        }
        return describe(status.context(), status);
    }

    /**
     * Shuts the host's context down (and those started through it); the next use starts it again.
     *
     * @return {@code null} (404) if there is no such host
     */
    @WriteOperation
    public @Nullable Map<String, Object> shutdown(@Selector String host) {
        if (!this.contexts.names().contains(host)) {
            return null;
        }
        boolean stopped = this.contexts.shutdown(host);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("host", host);
        result.put("shutDown", stopped);
        result.put("state", this.contexts.status(host).state().name());
        return result;
    }

    private static @Nullable ContextDescriptor viaNode(HostStatus status, Map<String, HostStatus> statuses,
            Map<Integer, ContextDescriptor> byId) {
        if (status.via() == null) {
            return null;
        }
        HostStatus via = statuses.get(status.via());
        return (via != null && via.context() != null) ? byId.get(via.context().id()) : null;
    }

    private ContextDescriptor describe(@Nullable Context context, @Nullable HostStatus status) {
        String state = (status != null) ? status.state().name()
                : ((context != null && context.isConnected()) ? "CONNECTED" : "DISCONNECTED");
        Long start = (context != null) ? context.startMillis() : null;
        Optional<LinkTraffic> link = (context != null) ? LinkTraffic.of(context) : Optional.empty();
        return new ContextDescriptor((context != null) ? context.name() : null, (status != null) ? status.name() : null,
                (context != null) ? context.id() : null, (status != null) ? status.method() : null,
                (status != null) ? status.via()
                        : ((context != null && context.via() != null) ? context.via().name() : null),
                (context != null && context.pid() > 0) ? context.pid() : null,
                (context != null) ? context.javaVersion() : null, state,
                (start != null) ? MitogenHostHealthIndicator.uptime(start) : null,
                link.map(LinkTraffic::bytesSent).orElse(null), link.map(LinkTraffic::bytesReceived).orElse(null),
                (context != null) ? stats(this.router.classLoadingStats(context)) : null,
                (status != null) ? status.lastError() : null, new ArrayList<>());
    }

    private static Map<String, Long> stats(ClassLoadingStats stats) {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("classRequests", stats.classRequests());
        map.put("classesServed", stats.classesServed());
        map.put("classesPreloaded", stats.classesPreloaded());
        map.put("classesNotFound", stats.classesNotFound());
        map.put("resourcesServed", stats.resourcesServed());
        map.put("refused", stats.refused());
        map.put("bytesSent", stats.bytesSent());
        return map;
    }

    /**
     * The whole tree.
     *
     * @param bytesSent bytes this router sent to its children, frames included
     * @param bytesReceived bytes it received from them
     * @param classLoading what it served for class and resource loading
     * @param contexts the contexts it started, each with the ones started through it
     */
    public record TreeDescriptor(long bytesSent, long bytesReceived, Map<String, Long> classLoading,
            List<ContextDescriptor> contexts) implements OperationResponseBody {
    }

    /**
     * One context, or a configured host that has none now.
     *
     * @param name the context's name ({@code null} for a host not connected)
     * @param host its name under {@code mitogen.hosts}, or {@code null} for a context started otherwise
     * @param id the context's id
     * @param method how the host is reached, e.g. {@code ssh}
     * @param via the host (or context) that started it
     * @param pid the child's process id
     * @param javaVersion the child's Java version
     * @param state {@code CONNECTED}, or the host's state
     * @param uptime whole seconds, ISO-8601
     * @param bytesSent bytes sent on this router's own link to the context, frames included;
     *        {@code null} for a context started via another (its bytes cross that one's link)
     * @param bytesReceived bytes received on that link
     * @param classLoading what this router served it for class and resource loading
     * @param lastError the host's last connection failure or loss (never a secret)
     * @param children the contexts started through it
     */
    public record ContextDescriptor(@Nullable String name, @Nullable String host, @Nullable Integer id,
            @Nullable String method, @Nullable String via, @Nullable Long pid, @Nullable String javaVersion, String state,
            @Nullable String uptime, @Nullable Long bytesSent, @Nullable Long bytesReceived,
            @Nullable Map<String, Long> classLoading, @Nullable String lastError,
            List<ContextDescriptor> children) implements OperationResponseBody {
    }

}
