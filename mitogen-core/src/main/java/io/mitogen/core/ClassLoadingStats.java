package io.mitogen.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.mitogen.core.internal.classloading.ClassServer;

/**
 * What a context's class server sent to one child (or to all of them): an immutable snapshot,
 * from {@link Router#classLoadingStats(Context)}, {@link Context#classLoading()} or
 * {@link Router#classLoadingStats()}.
 *
 * <pre>{@code
 * ClassLoadingStats s = router.classLoadingStats(ctx);
 * System.out.println(s.roundTrips() + " round trips, " + s.classesServed() + " classes, " + s.bytesSent() + " bytes");
 * }</pre>
 *
 * <p>Every request is one round trip for the child; classes a child's own children load from it
 * are counted there, not here. Counts are kept while the child is connected.
 */
public final class ClassLoadingStats {

    private final long[] values;

    ClassLoadingStats(long[] values) {
        this.values = values.clone();
    }

    /** {@code GET_CLASS} requests received: one round trip each for the child. */
    public long classRequests() {
        return this.values[ClassServer.CLASS_REQUESTS];
    }

    /** Class files sent: requested ones and those preloaded along with them. */
    public long classesServed() {
        return this.values[ClassServer.CLASSES_SERVED];
    }

    /** Class files sent along with a requested one, without being asked for. */
    public long classesPreloaded() {
        return this.values[ClassServer.CLASSES_PRELOADED];
    }

    /** Class requests answered "no such class" (final: the child does not ask again). */
    public long classesNotFound() {
        return this.values[ClassServer.CLASSES_NOT_FOUND];
    }

    /** {@code GET_RESOURCE} requests received: one round trip each for the child. */
    public long resourceRequests() {
        return this.values[ClassServer.RESOURCE_REQUESTS];
    }

    /** Resources sent (a name found in several code sources counts once per copy). */
    public long resourcesServed() {
        return this.values[ClassServer.RESOURCES_SERVED];
    }

    /** Resource requests for names found nowhere. */
    public long resourcesNotFound() {
        return this.values[ClassServer.RESOURCES_NOT_FOUND];
    }

    /** Requests refused: resources the policy denies, malformed names. Each one was logged. */
    public long refused() {
        return this.values[ClassServer.REFUSED];
    }

    /** Payload bytes of all answers (class files travel deflated). */
    public long bytesSent() {
        return this.values[ClassServer.BYTES_SENT];
    }

    /** Requests of both kinds: what class and resource loading cost the child in round trips. */
    public long roundTrips() {
        return classRequests() + resourceRequests();
    }

    /** The figures by name, in a stable order, e.g. for health details or metrics. */
    public Map<String, Long> toMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("roundTrips", roundTrips());
        map.put("classRequests", classRequests());
        map.put("classesServed", classesServed());
        map.put("classesPreloaded", classesPreloaded());
        map.put("classesNotFound", classesNotFound());
        map.put("resourceRequests", resourceRequests());
        map.put("resourcesServed", resourcesServed());
        map.put("resourcesNotFound", resourcesNotFound());
        map.put("refused", refused());
        map.put("bytesSent", bytesSent());
        return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClassLoadingStats && Arrays.equals(this.values, ((ClassLoadingStats) other).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(this.values);
    }

    @Override
    public String toString() {
        return "ClassLoadingStats" + toMap();
    }
}
