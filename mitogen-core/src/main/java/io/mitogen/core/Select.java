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
 * @param <T> the receivers' result type
 */
public final class Select<T> implements Iterable<Receiver<T>> {

    private final LinkedBlockingQueue<Receiver<T>> arrived = new LinkedBlockingQueue<>();

    private int remaining;

    private Select(Collection<? extends Receiver<T>> receivers) {
        this.remaining = receivers.size();
        for (Receiver<T> receiver : receivers) {
            receiver.onArrival(() -> this.arrived.add(receiver));
        }
    }

    /** Selects over {@code receivers}. */
    @SafeVarargs
    public static <T> Select<T> of(Receiver<T>... receivers) {
        return new Select<>(Arrays.asList(receivers));
    }

    /** Selects over {@code receivers}. */
    public static <T> Select<T> of(Collection<? extends Receiver<T>> receivers) {
        return new Select<>(receivers);
    }

    /** Whether a receiver remains to be yielded. */
    public synchronized boolean hasNext() {
        return this.remaining > 0;
    }

    /** The next receiver to get its answer, waiting for it if need be. */
    public Receiver<T> next() {
        take();
        try {
            return this.arrived.take();
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
        synchronized (this) {
            if (this.remaining == 0) {
                throw new NoSuchElementException("every receiver of this Select was already yielded");
            }
        }
        try {
            Receiver<T> receiver = this.arrived.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (receiver == null) {
                throw new ReceiveTimeoutException("no answer arrived within " + timeout);
            }
            synchronized (this) {
                this.remaining--;
            }
            return receiver;
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
}
