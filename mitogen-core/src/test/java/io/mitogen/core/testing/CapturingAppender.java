package io.mitogen.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Keeps the records forwarded from children ({@code mitogen.ctx.*}) for assertions: the first
 * {@value #KEPT} events of each context whole, and for every context a count and byte total per
 * original logger, so tests with megabytes of output stay small.
 */
public final class CapturingAppender extends AppenderBase<ILoggingEvent> {

    private static final int KEPT = 2_000;

    private static final Map<String, List<ILoggingEvent>> EVENTS = new ConcurrentHashMap<>();

    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private static final Map<String, AtomicLong> BYTES = new ConcurrentHashMap<>();

    private static final AtomicLong LONGEST = new AtomicLong();

    @Override
    protected void append(ILoggingEvent event) {
        String key = key(event.getMDCPropertyMap().get("mitogen.context"), event.getMDCPropertyMap().get("mitogen.logger"));
        COUNTS.computeIfAbsent(key, (k) -> new AtomicLong()).incrementAndGet();
        String message = event.getFormattedMessage();
        int prefix = message.indexOf(": ");
        long length = message.length() - ((prefix >= 0) ? prefix + 2 : 0);
        BYTES.computeIfAbsent(key, (k) -> new AtomicLong()).addAndGet(length);
        LONGEST.accumulateAndGet(length, Math::max);
        List<ILoggingEvent> kept = EVENTS.computeIfAbsent(String.valueOf(event.getMDCPropertyMap().get("mitogen.context")),
                (k) -> new ArrayList<>());
        synchronized (kept) {
            if (kept.size() < KEPT) {
                event.prepareForDeferredProcessing();
                kept.add(event);
            }
        }
    }

    /** Kept events forwarded from {@code context}. */
    public static List<ILoggingEvent> from(String context) {
        List<ILoggingEvent> kept = EVENTS.getOrDefault(context, List.of());
        synchronized (kept) {
            return new ArrayList<>(kept);
        }
    }

    /** Messages of kept events forwarded from {@code context}. */
    public static List<String> messages(String context) {
        return from(context).stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }

    /** How many records {@code logger} in {@code context} forwarded. */
    public static long count(String context, String logger) {
        AtomicLong count = COUNTS.get(key(context, logger));
        return (count != null) ? count.get() : 0;
    }

    /** How many characters of messages {@code logger} in {@code context} forwarded. */
    public static long bytes(String context, String logger) {
        AtomicLong bytes = BYTES.get(key(context, logger));
        return (bytes != null) ? bytes.get() : 0;
    }

    /** The longest message seen, without its {@code logger: } prefix. */
    public static long longest() {
        return LONGEST.get();
    }

    private static String key(String context, String logger) {
        return context + "|" + logger;
    }
}
