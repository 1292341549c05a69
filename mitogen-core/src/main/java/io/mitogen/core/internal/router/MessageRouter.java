package io.mitogen.core.internal.router;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * Routes messages between this context's handlers and its streams, and enforces who may send
 * what: the core of the Python original's {@code Router}, minus its public API.
 *
 * <p>Routing runs on the thread that delivers a message (a stream's reader, or the sender),
 * not by a hop through the broker thread: the tables are concurrent maps, and per-stream
 * ordering holds because each stream has one reader and one writer. That keeps a round trip
 * to two thread wake-ups per side.
 *
 * <p>Trust: a message arriving from a child's stream must carry an {@code authId} (and
 * {@code srcId}) that this context routes to that same stream, so a child cannot speak for
 * its parent or a sibling. Handlers then apply their own {@link Policy}.
 *
 * <p>Routes: a context that starts a child routes to it at once and announces it upward
 * ({@code ADD_ROUTE}: the id and itself, the announcer). Only the master knows which context
 * was to start which id ({@link RouteGuard}); every context between the announcer and the
 * master installs the route only when the master's {@code ROUTE_ADDED} passes back down, and
 * the announcer starts reading its child only then. So no context can claim an id meant for
 * another one's child, and no message of a new child arrives where it has no route yet. That
 * protocol's handlers are {@link RouteAnnouncements}; this class keeps the tables and the
 * per-message path (source checks, delivery, handler policies).
 */
public final class MessageRouter implements Stream.Listener {

    static final Log log = Log.get(MessageRouter.class);

    private final int myId;

    /** Changed only when a detached context loses its parent or a new program attaches to it. */
    volatile int[] parentIds;

    private volatile Stream parent;

    final Map<Integer, Stream> routes = new ConcurrentHashMap<>();

    private final Map<Integer, Registration> handlers = new ConcurrentHashMap<>();

    private final AtomicInteger nextHandle = new AtomicInteger(Handles.FIRST_DYNAMIC);

    private final Stream.Traffic traffic = new Stream.Traffic();

    /** ADD_ROUTE, ROUTE_ADDED and DEL_ROUTE: routes announced from below and to this context's children. */
    private final RouteAnnouncements announcements = new RouteAnnouncements(this);

    /**
     * @param myId this context's id ({@code 0} in the master)
     * @param parentIds the ids of this context's parent, its parent, ... up to the master
     * @param parent the stream to the parent; {@code null} in the master
     */
    public MessageRouter(int myId, int[] parentIds, Stream parent) {
        this.myId = myId;
        this.parentIds = parentIds.clone();
        this.parent = parent;
        addHandler(Handles.ADD_ROUTE, this.announcements::onAddRoute, Policy.FROM_CHILD);
        addHandler(Handles.ROUTE_ADDED, this.announcements::onRouteAdded, Policy.PARENT_AUTHORITY);
        addHandler(Handles.DEL_ROUTE, this.announcements::onDelRoute, Policy.FROM_CHILD);
    }

    public int myId() {
        return this.myId;
    }

    /** Whether {@code id} is this context's parent or one of that parent's ancestors. */
    public boolean isAncestor(int id) {
        for (int parentId : this.parentIds) {
            if (parentId == id) {
                return true;
            }
        }
        return false;
    }

    /** Bytes through every stream of this context, counted by the streams that were given it. */
    public Stream.Traffic traffic() {
        return this.traffic;
    }

    /** The stream to the parent, or {@code null} in the master. */
    public Stream parentStream() {
        return this.parent;
    }

    public int[] parentIds() {
        return this.parentIds.clone();
    }

    /**
     * A detached context lost its parent: messages for contexts it does not route to are
     * answered as having no route, and it confirms routes to its own new children itself.
     */
    public void parentGone() {
        Stream old = this.parent;
        this.parent = null;
        if (old != null) {
            removeStream(old);
        }
    }

    /**
     * A new program attached to this (detached) context: {@code parent} leads to it, and it is
     * this context's only ancestor from now on ({@code parentIds}).
     */
    public void attachParent(Stream parent, int[] parentIds) {
        this.parentIds = parentIds.clone();
        this.parent = parent;
    }

    /** Registers {@code handler} under a fresh handle and returns the handle. */
    public int addHandler(Handler handler, Policy policy) {
        int handle = this.nextHandle.getAndIncrement();
        this.handlers.put(handle, new Registration(handler, policy));
        return handle;
    }

    /** Registers {@code handler} under a well-known handle. */
    public void addHandler(int handle, Handler handler, Policy policy) {
        this.handlers.put(handle, new Registration(handler, policy));
    }

    public void removeHandler(int handle) {
        this.handlers.remove(handle);
    }

    /** In the master: decides which routes may be announced (checked against its allocations). */
    public void setRouteGuard(RouteGuard guard) {
        this.announcements.guard = guard;
    }

    public void addRouteListener(RouteListener listener) {
        this.announcements.listeners.add(listener);
    }

    /**
     * Makes {@code id}, a child this context started, reachable through {@code stream}, and
     * announces it. Completes once every context up to the master routes to it (at once in the
     * master); only then may the child's messages be read.
     */
    public CompletableFuture<Void> addRoute(int id, Stream stream) {
        this.routes.put(id, stream);
        Stream parent = this.parent;
        if (parent == null) {
            return CompletableFuture.completedFuture(null);
        }
        return this.announcements.announce(id, parent);
    }

    /** The ids of the contexts this context routes to (those below it). */
    public java.util.Set<Integer> routedIds() {
        return new java.util.TreeSet<>(this.routes.keySet());
    }

    /** The stream that leads to {@code id}, or {@code null} when it is not below this context. */
    public Stream routeTo(int id) {
        return this.routes.get(id);
    }

    /**
     * Forgets every id reached through {@code stream} (it is gone), tells the parent, and
     * notifies the route listeners.
     */
    public void removeStream(Stream stream) {
        List<Integer> gone = new ArrayList<>();
        this.routes.entrySet().removeIf((entry) -> {
            if (entry.getValue() == stream) {
                gone.add(entry.getKey());
                return true;
            }
            return false;
        });
        this.announcements.streamGone(stream);
        for (int id : gone) {
            this.announcements.childGone(id);
        }
    }

    /**
     * Sends {@code payload} from this context, on its own authority, to {@code handle} of context
     * {@code dstId}; an answer, if any, comes to {@code replyTo} (0 for none).
     *
     * @throws io.mitogen.core.MessageTooLargeException as {@link #send(Message)}
     */
    public void sendTo(int dstId, int handle, int replyTo, byte[] payload) {
        send(new Message(dstId, this.myId, this.myId, handle, replyTo, payload));
    }

    /**
     * Sends a message that originates in this context (or replies on its behalf).
     *
     * @throws io.mitogen.core.MessageTooLargeException if its payload exceeds the frame limit,
     *         which would make the next hop close the stream (callers name what was too large first)
     */
    public void send(Message message) {
        // length(), not payload.length: a message may refer to large arrays it carries by reference.
        if (message.length() > Frames.DEFAULT_MAX_MESSAGE_SIZE) {
            throw io.mitogen.core.MessageTooLargeException.refused("a message to handle " + message.handle + " of context "
                    + message.dstId, message.length(), Frames.DEFAULT_MAX_MESSAGE_SIZE);
        }
        deliver(message, null);
    }

    @Override
    public void onMessage(Stream in, Message message) {
        if (in != this.parent && !isFromSubtree(in, message)) {
            return;
        }
        deliver(message, in);
    }

    @Override
    public void onDisconnect(Stream stream, Throwable cause) {
        removeStream(stream);
    }

    private boolean isFromSubtree(Stream in, Message message) {
        if (this.routes.get(message.authId) != in) {
            log.warn("{}: dropped {}: its auth_id {} is not reached through that stream", in.name(), message,
                    message.authId);
            return false;
        }
        if (message.srcId != message.authId && this.routes.get(message.srcId) != in) {
            log.warn("{}: dropped {}: its src_id {} is not reached through that stream", in.name(), message,
                    message.srcId);
            return false;
        }
        return true;
    }

    private void deliver(Message message, Stream in) {
        if (message.dstId == this.myId) {
            dispatch(message.flattened(), in);
            return;
        }
        Stream out = this.routes.get(message.dstId);
        if (out == null && in != this.parent) {
            out = this.parent;
        }
        if (out == null || out == in) {
            dead(message, Message.DEAD_NO_ROUTE, "no route to context " + message.dstId);
            return;
        }
        out.send(message);
    }

    private void dispatch(Message message, Stream in) {
        Registration registration = this.handlers.get(message.handle);
        if (registration == null) {
            if (!message.isDead()) {
                dead(message, Message.DEAD_NO_HANDLER,
                        "context " + this.myId + " has no handle " + message.handle + " (closed or never opened)");
            }
            return;
        }
        if (!registration.policy.accepts(this, message, in)) {
            log.warn("context {}: refused {} from context {}: {}", this.myId, message, message.srcId,
                    registration.policy);
            dead(message, Message.DEAD_REFUSED,
                    "context " + this.myId + " refused a message from context " + message.srcId + ": " + registration.policy);
            return;
        }
        try {
            registration.handler.onMessage(message, in);
        }
        catch (RuntimeException ex) {
            log.error("context {}: handler for handle {} failed on {}", this.myId, message.handle, message, ex);
        }
    }

    private void dead(Message message, byte kind, String reason) {
        Message reply = message.deadReply(this.myId, kind, reason);
        if (reply != null) {
            deliver(reply, null);
        }
        else {
            log.debug("context {}: dropped {}: {}", this.myId, message, reason);
        }
    }

    /** Receives messages for one handle. Runs on the delivering thread: keep it short. */
    public interface Handler {

        void onMessage(Message message, Stream in);
    }

    /** Whether context {@code announcer} was to start context {@code id} (asked in the master). */
    public interface RouteGuard {

        boolean allows(int id, int announcer);
    }

    /** Hears that a context is no longer reachable. */
    public interface RouteListener {

        void onRouteRemoved(int id);
    }

    /** Who may send to a handle. */
    public interface Policy {

        /** Anyone that passed the router's source checks. */
        Policy ANY = new Policy() {
            @Override
            public boolean accepts(MessageRouter router, Message message, Stream in) {
                return true;
            }

            @Override
            public String toString() {
                return "any sender";
            }
        };

        /** This context itself, its parent, or an ancestor of its parent. */
        Policy PARENT_AUTHORITY = new Policy() {
            @Override
            public boolean accepts(MessageRouter router, Message message, Stream in) {
                return message.authId == router.myId || router.isAncestor(message.authId);
            }

            @Override
            public String toString() {
                return "only its parent chain may do that";
            }
        };

        /** A message that arrived on the stream of one of this context's children. */
        Policy FROM_CHILD = new Policy() {
            @Override
            public boolean accepts(MessageRouter router, Message message, Stream in) {
                return in != null && in != router.parent;
            }

            @Override
            public String toString() {
                return "only a child may do that";
            }
        };

        /** Only replies from context {@code id} (a call's respondent). */
        static Policy from(int id) {
            return new Policy() {
                @Override
                public boolean accepts(MessageRouter router, Message message, Stream in) {
                    return message.srcId == id;
                }

                @Override
                public String toString() {
                    return "only context " + id + " may answer";
                }
            };
        }

        boolean accepts(MessageRouter router, Message message, Stream in);
    }

    private static final class Registration {

        final Handler handler;

        final Policy policy;

        Registration(Handler handler, Policy policy) {
            this.handler = handler;
            this.policy = policy;
        }
    }
}
