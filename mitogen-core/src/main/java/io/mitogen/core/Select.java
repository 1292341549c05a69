package io.mitogen.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Scatter/gather: yields receivers in the order their answers arrive, so results are handled as
 * soon as each is there. {@code get()} on a yielded receiver does not block.
 *
 * <pre>{@code
 * for (Receiver<Long> r : Select.of(a.callAsync(Tasks::usage), b.callAsync(Tasks::usage))) {
 *     total += r.get();
 * }
 * }</pre>
 *
 * <p>Over receivers and channels together, {@link #events()} yields each answer and each
 * channel value as it arrives, until every answer is in and every channel has ended:
 *
 * <pre>{@code
 * try (Channel<String> lines = router.channel(String.class)) {
 *     List<Receiver<Integer>> tails = List.of(a.callAsync(LogTasks::tail, lines.sender(), path),
 *             b.callAsync(LogTasks::tail, lines.sender(), path));
 *     for (Select.Event<Object> e : Select.<Object>of(tails, List.of(lines)).events()) {
 *         if (e.isAnswer()) { System.out.println(e.context() + " sent " + e.receiver().get() + " lines"); }
 *         else { System.out.println(e.context() + ": " + e.value()); }
 *     }
 * }
 * }</pre>
 *
 * @param <T> the receivers' result type
 */
public final class Select<T> implements Iterable<Receiver<T>> {

    /** Receivers whose answer arrived, and channels that may have something queued. */
    private final LinkedBlockingQueue<Object> arrived = new LinkedBlockingQueue<>();

    private int remaining;

    /** Channels that have not ended; with their watcher, to remove it when they end. */
    private final java.util.Map<Channel<? extends T>, Runnable> channels = new java.util.LinkedHashMap<>();

    private Select(Collection<? extends Receiver<? extends T>> receivers,
            Collection<? extends Channel<? extends T>> channels) {
        this.remaining = receivers.size();
        for (Receiver<? extends T> receiver : receivers) {
            receiver.onArrival(() -> this.arrived.add(receiver));
        }
        for (Channel<? extends T> channel : channels) {
            Runnable watcher = () -> this.arrived.add(channel);
            this.channels.put(channel, watcher);
            channel.watchers.add(watcher);
            this.arrived.add(channel); // values queued before this select, or an end already reached
        }
    }

    /** Selects over {@code receivers}. */
    @SafeVarargs
    public static <T> Select<T> of(Receiver<T>... receivers) {
        return new Select<>(Arrays.asList(receivers), java.util.Collections.emptyList());
    }

    /** Selects over {@code receivers}. */
    public static <T> Select<T> of(Collection<? extends Receiver<T>> receivers) {
        return new Select<>(receivers, java.util.Collections.emptyList());
    }

    /**
     * Selects over receivers and channels: read it with {@link #events()} or
     * {@link #nextEvent(Duration)}.
     */
    public static <T> Select<T> of(Collection<? extends Receiver<? extends T>> receivers,
            Collection<? extends Channel<? extends T>> channels) {
        return new Select<>(receivers, channels);
    }

    /** Whether a receiver remains to be yielded. */
    public synchronized boolean hasNext() {
        return this.remaining > 0;
    }

    /** The next receiver to get its answer, waiting for it if need be. */
    public Receiver<T> next() {
        checkNoChannels();
        take();
        try {
            return receiver(this.arrived.take());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new MitogenException("interrupted while waiting in a Select", ex);
        }
    }

    /**
     * The next receiver to get its answer, waiting at most {@code timeout}.
     *
     * @throws ReceiveTimeoutException if none answered in time
     */
    public Receiver<T> next(Duration timeout) {
        checkNoChannels();
        synchronized (this) {
            if (this.remaining == 0) {
                throw new NoSuchElementException("every receiver of this Select was already yielded");
            }
        }
        try {
            Object receiver = this.arrived.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (receiver == null) {
                throw new ReceiveTimeoutException("no answer arrived within " + timeout);
            }
            synchronized (this) {
                this.remaining--;
            }
            return receiver(receiver);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new MitogenException("interrupted while waiting in a Select", ex);
        }
    }

    /** Iterates once over the receivers, in order of arrival. */
    @Override
    public Iterator<Receiver<T>> iterator() {
        return new Iterator<Receiver<T>>() {
            @Override
            public boolean hasNext() {
                return Select.this.hasNext();
            }

            @Override
            public Receiver<T> next() {
                return Select.this.next();
            }
        };
    }

    private synchronized void take() {
        if (this.remaining == 0) {
            throw new NoSuchElementException("every receiver of this Select was already yielded");
        }
        this.remaining--;
    }

    @SuppressWarnings("unchecked")
    private Receiver<T> receiver(Object arrived) {
        return (Receiver<T>) arrived;
    }

    private void checkNoChannels() {
        if (!this.channels.isEmpty()) {
            throw new IllegalStateException("this Select has channels: read it with events() or nextEvent()");
        }
    }

    /**
     * Every answer and channel value in order of arrival, until every receiver has answered
     * and every channel has ended (see {@link Channel}). Iterate once, from one thread.
     */
    public Iterable<Event<T>> events() {
        return () -> new Events<>(this);
    }

    /**
     * The next answer or channel value, waiting at most {@code timeout} ({@code null}: no limit).
     *
     * @return the event, or {@code null} when every receiver has answered and every channel ended
     * @throws ReceiveTimeoutException if nothing arrived in time
     * @throws CodecException if a channel's value does not fit its type (the select stays usable)
     */
    public Event<T> nextEvent(Duration timeout) {
        return Events.next(this, timeout);
    }

    /**
     * Reading events, apart from {@link Select} itself: only a select over channels uses it, and
     * channels are opened by their owner, so a child fetches this code only when it needs it
     * (see {@code CoreBundle}).
     */
    private static final class Events<T> implements Iterator<Event<T>> {

        private final Select<T> select;

        private Event<T> next;

        Events(Select<T> select) {
            this.select = select;
        }

        @Override
        public boolean hasNext() {
            if (this.next == null) {
                this.next = next(this.select, null);
            }
            return this.next != null;
        }

        @Override
        public Event<T> next() {
            if (!hasNext()) {
                throw new NoSuchElementException("every receiver answered and every channel ended");
            }
            Event<T> event = this.next;
            this.next = null;
            return event;
        }

        @SuppressWarnings("unchecked")
        static <T> Event<T> next(Select<T> select, Duration timeout) {
            long deadline = (timeout != null) ? System.nanoTime() + timeout.toNanos() : 0;
            while (true) {
                synchronized (select) {
                    if (select.remaining == 0 && select.channels.isEmpty()) {
                        return null;
                    }
                }
                Object source;
                try {
                    source = (timeout == null) ? select.arrived.take()
                            : select.arrived.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new MitogenException("interrupted while waiting in a Select", ex);
                }
                if (source == null) {
                    throw new ReceiveTimeoutException("nothing arrived within " + timeout);
                }
                if (source instanceof Receiver) {
                    synchronized (select) {
                        select.remaining--;
                    }
                    Receiver<? extends T> receiver = (Receiver<? extends T>) source;
                    return new Event<T>(receiver.context(), receiver, null, null);
                }
                Channel<? extends T> channel = (Channel<? extends T>) source;
                Runnable watcher;
                synchronized (select) {
                    watcher = select.channels.get(channel);
                }
                if (watcher == null) {
                    continue; // ended earlier; a late wake-up
                }
                try {
                    Channel.Item<? extends T> item = channel.receive(Duration.ZERO);
                    // More may have been queued with it (one wake-up can stand for several values).
                    select.arrived.add(channel);
                    return new Event<T>(item.context(), null, channel, item.value());
                }
                catch (ReceiveTimeoutException ex) {
                    continue; // woken for a value another reader took, or for a sender that is done
                }
                catch (ChannelClosedException ex) {
                    channel.watchers.remove(watcher);
                    synchronized (select) {
                        select.channels.remove(channel);
                    }
                }
            }
        }

    }

    /**
     * One thing a {@link Select} yields: a receiver's answer, or a value from a channel.
     *
     * @param <T> the type of the answers and values
     */
    public static final class Event<T> {

        private final Context context;

        private final Receiver<? extends T> receiver;

        private final Channel<? extends T> channel;

        private final T value;

        Event(Context context, Receiver<? extends T> receiver, Channel<? extends T> channel, T value) {
            this.context = context;
            this.receiver = receiver;
            this.channel = channel;
            this.value = value;
        }

        /** Whether this is a receiver's answer (else a channel's value). */
        public boolean isAnswer() {
            return this.receiver != null;
        }

        /** The context that answered or sent the value. */
        public Context context() {
            return this.context;
        }

        /** The receiver that answered ({@code get()} does not block), or {@code null} for a channel value. */
        public Receiver<? extends T> receiver() {
            return this.receiver;
        }

        /** The channel the value came from, or {@code null} for an answer. */
        public Channel<? extends T> channel() {
            return this.channel;
        }

        /** The channel's value; for an answer, {@code receiver().get()} (which throws what the call threw). */
        public T value() {
            return (this.receiver != null) ? this.receiver.get() : this.value;
        }

        @Override
        public String toString() {
            return (this.receiver != null) ? "Event(answer from " + this.context + ")"
                    : "Event(value from " + this.context + " on " + this.channel + ")";
        }

    }

}
