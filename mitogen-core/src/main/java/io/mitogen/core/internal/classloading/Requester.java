package io.mitogen.core.internal.classloading;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one context was sent by a {@link ClassServer} (class names, and {@code "package <name>"}
 * for package attributes), the classes those name that it was not sent yet (its frontier), and
 * its counters; and the choice of the classes that go into its next answer.
 */
final class Requester {

    /** How many candidate classes one answer may look at, whatever their size. */
    private static final int MAX_CANDIDATES = 4096;

    /** Whether it is a child on this machine's own pipes; guarded by this. */
    boolean nearby;

    /** Class names, and {@code "package <name>"} for package attributes; guarded by this. */
    final Set<String> sent = new HashSet<>();

    /** Classes named by what was sent, not sent themselves yet, in order of discovery; guarded by this. */
    final Set<String> frontier = new LinkedHashSet<>();

    private final long[] counts = new long[ClassServer.STAT_COUNT];

    synchronized void add(int stat, long amount) {
        this.counts[stat] += amount;
    }

    synchronized long[] snapshot() {
        return this.counts.clone();
    }

    /**
     * The requested class (always: the requester may have lost it to a request it did not make
     * itself), then, breadth first, related classes of the same code source it was not sent,
     * while they fit the budget: first those the requested class names, then the requester's
     * frontier (classes named by what it was sent earlier, e.g. the library classes a task class
     * uses, which could not travel with the task class because they come from another jar).
     * The caller holds this requester's lock.
     */
    void choose(ClassSource source, Item first, ClassAnswer.Builder out, int budget) {
        out.add(first);
        this.sent.add(first.name);
        this.frontier.remove(first.name);
        if (budget <= 0) {
            return;
        }
        Set<String> seen = new HashSet<>();
        seen.add(first.name);
        Set<String> named = ConstantPool.referencedClasses(first.bytes);
        // The code sources of the classes the requested one names itself are let in too: the task
        // class that calls a library needs it at once, and each code source let in later would
        // cost the child another round trip (over a 250 ms link, the first call's largest cost).
        Set<String> origins = new HashSet<>();
        origins.add(first.origin);
        ArrayDeque<String> queue = new ArrayDeque<>(named);
        queue.addAll(this.frontier);
        int looked = 0;
        String name;
        while ((name = queue.poll()) != null) {
            if (!seen.add(name) || this.sent.contains(name) || !RequestNames.CLASS_NAME.matcher(name).matches()) {
                continue;
            }
            boolean room = out.packedSize() < budget;
            String origin = (room && looked++ < MAX_CANDIDATES) ? source.originOf(name) : "";
            if (origin == null) {
                this.frontier.remove(name); // nowhere to be had (or the JDK's): forget it
                continue;
            }
            if (!origin.isEmpty() && named.contains(name)) {
                origins.add(origin);
            }
            // "" is no room left (or too many looked at): nothing more goes in.
            Item item = (!origin.isEmpty() && origins.contains(origin)) ? source.peek(name) : null;
            if (item == null) {
                this.frontier.add(name); // another code source, or no room: maybe next time
                continue;
            }
            out.add(item); // may overshoot the budget by one class; the next one will not be looked at
            this.sent.add(name);
            this.frontier.remove(name);
            queue.addAll(ConstantPool.referencedClasses(item.bytes));
        }
    }
}
