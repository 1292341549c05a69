package io.mitogen.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.mitogen.core.internal.constants.Timeouts;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * Context ids. Only the master hands them out: to itself one at a time, to a child in blocks
 * of {@link #BLOCK}, so that a child starting its Nth child asks the master once per block,
 * not once per child. The master remembers which context each id was handed to; a route to a
 * new context is installed only if the context announcing it owns the id or is below its owner
 * (upstream's {@code ChildIdAllocator} and {@code Router._async_route}).
 */
final class IdAllocator {

    /** Ids per block handed to a child. */
    static final int BLOCK = 32;

    /** Ids a master keeps handed out and unused: more means a child is asking in a loop. */
    private static final int MAX_OUTSTANDING = 1 << 16;

    private final Router router;

    /** Master: the next id to hand out. */
    private final AtomicInteger nextId = new AtomicInteger(1);

    /** Master: ids handed out and not used yet, to the context they were handed to. */
    private final Map<Integer, Integer> owners = new ConcurrentHashMap<>();

    /** Master: the context that started each context it confirmed a route to. */
    private final Map<Integer, Integer> parents = new ConcurrentHashMap<>();

    /** Child: the rest of its block, {@code [next, end)}. */
    private int blockNext;

    private int blockEnd;

    IdAllocator(Router router) {
        this.router = router;
    }

    /** An id for a new context that context {@code under} starts (the master records it). */
    int allocate(int under) {
        if (this.router.core.myId() == 0) {
            // The master's own children need no word from it: only ids for other starters are kept.
            return (under == 0) ? this.nextId.getAndIncrement() : take(under, 1);
        }
        synchronized (this) {
            if (this.blockNext == this.blockEnd) {
                List<?> block = askMasterForBlock();
                this.blockNext = ((Number) block.get(0)).intValue();
                this.blockEnd = this.blockNext + ((Number) block.get(1)).intValue();
            }
            return this.blockNext++;
        }
    }

    private List<?> askMasterForBlock() {
        Receiver<List<?>> answer = this.router.calls.newReceiver(this.router.contextFor(0, "master"), List.class,
                "id allocation");
        this.router.core.sendTo(0, Handles.ALLOCATE_ID, answer.handle(), null);
        return answer.get(Duration.ofMillis(Timeouts.ID_ALLOCATION_MILLIS));
    }

    /** Child: a new master attached; the rest of the old block is not its to confirm. */
    synchronized void dropBlock() {
        this.blockNext = this.blockEnd;
    }

    /** Child: the highest id of its block. */
    synchronized int blockEnd() {
        return this.blockEnd;
    }

    /** Master: ids below {@code id} are taken elsewhere (a context attached with its subtree). */
    void reserveBelow(int id) {
        this.nextId.accumulateAndGet(id, Math::max);
    }

    /** Master: ids a context reported for an attached subtree, to be announced by {@code owner}. */
    void grant(int id, int owner) {
        this.owners.put(id, owner);
    }

    /** Master: {@code ALLOCATE_ID} from context {@code requester}: a block, as {@code [first, count]}. */
    List<Integer> handOutBlock(int requester) {
        return List.of(take(requester, BLOCK), BLOCK);
    }

    private int take(int owner, int count) {
        if (this.owners.size() + count > MAX_OUTSTANDING) {
            throw new MitogenException("context " + owner + " asked for more context ids while " + this.owners.size()
                    + " handed out are still unused (at most " + MAX_OUTSTANDING + ")");
        }
        int first = this.nextId.getAndAdd(count);
        for (int i = 0; i < count; i++) {
            this.owners.put(first + i, owner);
        }
        return first;
    }

    /**
     * Master: whether context {@code announcer} may start context {@code id}: the id was handed
     * to the announcer or to a context above it, and is not used yet. Uses it up.
     */
    boolean claim(int id, int announcer) {
        Integer owner = this.owners.get(id);
        if (owner == null || !isAtOrBelow(announcer, owner)) {
            return false;
        }
        if (!this.owners.remove(id, owner)) {
            return false;
        }
        this.parents.put(id, announcer);
        return true;
    }

    /** Master: whether {@code id} is {@code ancestor} or below it (as far as confirmed routes tell). */
    private boolean isAtOrBelow(int id, int ancestor) {
        int at = id;
        for (int hops = 0; hops < 4096; hops++) {
            if (at == ancestor) {
                return true;
            }
            if (at == 0) {
                return false;
            }
            Integer parent = this.parents.get(at);
            at = (parent != null) ? parent : 0;
        }
        return false;
    }

    /** Master: context {@code id} is gone; its unused ids go with it. */
    void forget(int id) {
        this.parents.remove(id);
        this.owners.values().removeIf((owner) -> owner == id);
    }
}
