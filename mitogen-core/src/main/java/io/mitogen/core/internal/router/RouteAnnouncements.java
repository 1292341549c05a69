package io.mitogen.core.internal.router;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * A {@link MessageRouter}'s half of the route protocol (see its Javadoc): a child's id is
 * announced up ({@code ADD_ROUTE}), checked by the master's {@link MessageRouter.RouteGuard},
 * and installed by every context between only as the master's {@code ROUTE_ADDED} passes back
 * down; {@code DEL_ROUTE} forgets one. Rare messages, never on the per-message path.
 */
final class RouteAnnouncements {

    /** Routes a context may have waiting for the master's word: more means a child is flooding. */
    private static final int MAX_PENDING_ROUTES = 4096;

    private final MessageRouter router;

    /** Set in the master only: the others ask their parent. */
    volatile MessageRouter.RouteGuard guard;

    /** Routes announced from below and sent up for the master's word: (id, announcer) to where from. */
    private final Map<Long, PendingRoute> pendingRoutes = new ConcurrentHashMap<>();

    /** Routes to this context's own new children, announced and not confirmed yet. */
    private final Map<Integer, CompletableFuture<Void>> ownAnnouncements = new ConcurrentHashMap<>();

    /** Who hears that a context is no longer reachable. */
    final List<MessageRouter.RouteListener> listeners = new CopyOnWriteArrayList<>();

    RouteAnnouncements(MessageRouter router) {
        this.router = router;
    }

    /** Announces {@code id}, a child of this context, to {@code parent}; completes on the master's word. */
    CompletableFuture<Void> announce(int id, Stream parent) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        this.ownAnnouncements.put(id, confirmed);
        parent.send(new Message(this.router.parentIds[0], this.router.myId(), this.router.myId(), Handles.ADD_ROUTE, 0,
                intBytes(id, this.router.myId())));
        return confirmed;
    }

    /** {@code stream} is gone: the routes announced through it and not yet confirmed go. */
    void streamGone(Stream stream) {
        this.pendingRoutes.values().removeIf((pending) -> pending.stream == stream);
    }

    /** Context {@code id} was reached through a stream that is gone: a wait for its route fails, and it is {@link #removed}. */
    void childGone(int id) {
        CompletableFuture<Void> announced = this.ownAnnouncements.remove(id);
        if (announced != null) {
            announced.completeExceptionally(new IllegalStateException("context " + id + " is gone"));
        }
        removed(id);
    }

    /** {@code id} is no longer reached from here: tells the parent ({@code DEL_ROUTE}) and the route listeners. */
    void removed(int id) {
        Stream parent = this.router.parentStream();
        if (parent != null) {
            parent.send(new Message(this.router.parentIds[0], this.router.myId(), this.router.myId(), Handles.DEL_ROUTE, 0,
                    intBytes(id)));
        }
        for (MessageRouter.RouteListener listener : this.listeners) {
            listener.onRouteRemoved(id);
        }
    }

    /** A route announced from below: {@code id} was started by {@code announcer}, reached through {@code in}. */
    void onAddRoute(Message message, Stream in) {
        int id = readInt(message, 0);
        int announcer = readInt(message, 4);
        Map<Integer, Stream> routes = this.router.routes;
        Stream known = routes.get(id);
        if (message.payload.length != 8 || id == this.router.myId() || this.router.isAncestor(id)
                || routes.get(announcer) != in || (known != null && known != in)
                || this.pendingRoutes.size() >= MAX_PENDING_ROUTES) {
            MessageRouter.log.warn("{}: refused a route to context {} claimed by context {}", in.name(), id, message.srcId);
            return;
        }
        MessageRouter.RouteGuard guard = this.guard;
        Stream parent = this.router.parentStream();
        if (known == null && guard == null && parent == null) {
            MessageRouter.log.warn("{}: refused a route to context {} claimed by context {}: no master is attached to confirm it",
                    in.name(), id, announcer);
            return;
        }
        if (known == null && guard == null) {
            this.pendingRoutes.put(key(id, announcer), new PendingRoute(in, message.srcId));
            parent.send(new Message(this.router.parentIds[0], this.router.myId(), this.router.myId(), Handles.ADD_ROUTE,
                    0, intBytes(id, announcer)));
            return;
        }
        if (known == null) {
            if (!guard.allows(id, announcer)) {
                MessageRouter.log.warn("{}: refused a route to context {} claimed by context {}: not started there", in.name(), id,
                        announcer);
                return;
            }
            routes.put(id, in);
        }
        this.router.sendTo(message.srcId, Handles.ROUTE_ADDED, 0, message.payload);
    }

    /** The master accepted a route: install it if it passed here, and pass the word down. */
    void onRouteAdded(Message message, Stream in) {
        int id = readInt(message, 0);
        int announcer = readInt(message, 4);
        PendingRoute pending = this.pendingRoutes.remove(key(id, announcer));
        if (pending != null) {
            this.router.routes.putIfAbsent(id, pending.stream);
            this.router.sendTo(pending.fromId, Handles.ROUTE_ADDED, 0, message.payload);
            return;
        }
        CompletableFuture<Void> announced = (announcer == this.router.myId()) ? this.ownAnnouncements.remove(id) : null;
        if (announced != null) {
            announced.complete(null);
        }
    }

    void onDelRoute(Message message, Stream in) {
        int id = readInt(message, 0);
        this.pendingRoutes.entrySet().removeIf((entry) -> (int) (entry.getKey() >>> 32) == id && entry.getValue().stream == in);
        if (this.router.routes.remove(id, in)) {
            removed(id);
        }
    }

    /** The big-endian int at {@code offset} of the payload, or {@code -1} if it is too short. */
    private static int readInt(Message message, int offset) {
        byte[] p = message.payload;
        if (p.length < offset + 4) {
            return -1;
        }
        return Frames.getInt(p, offset);
    }

    /** The ints, four big-endian bytes each. */
    private static byte[] intBytes(int... values) {
        byte[] bytes = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            Frames.putInt(bytes, i * 4, values[i]);
        }
        return bytes;
    }

    private static long key(int id, int announcer) {
        return ((long) id << 32) | (announcer & 0xFFFFFFFFL);
    }

    /** Where an announced route came from: the stream, and the child that passed it up. */
    private static final class PendingRoute {

        final Stream stream;

        final int fromId;

        PendingRoute(Stream stream, int fromId) {
            this.stream = stream;
            this.fromId = fromId;
        }
    }
}
