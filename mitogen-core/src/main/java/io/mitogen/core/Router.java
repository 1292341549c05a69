package io.mitogen.core;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.mitogen.core.classloading.ClassServer;
import io.mitogen.core.logging.Log;
import io.mitogen.core.router.MessageRouter;
import io.mitogen.core.router.MessageRouter.Policy;
import io.mitogen.core.router.Stream;
import io.mitogen.core.wire.Codec;
import io.mitogen.core.wire.Frames;
import io.mitogen.core.wire.Handles;
import io.mitogen.core.wire.Message;

/**
 * Starts contexts and carries calls to them: the entry point of the API.
 *
 * <pre>{@code
 * Router router = new Router(broker);
 * Context a = router.local();                                        // a child JVM
 * Context c = router.local(LocalOptions.builder().via(a).build());   // started by a
 * Context w = router.ssh(SshOptions.builder("web1").via(c).build());  // c opens the ssh connection
 * long pid = c.call(Tasks::pid);
 * }</pre>
 *
 * <p>In the program that builds it the router is the master (context {@code 0}); every child
 * runs a router of its own, which relays messages for its subtree and serves its children the
 * classes it was sent.
 */
public final class Router {

    private static final Log log = Log.get(Router.class);

    final Broker broker;

    final MessageRouter core;

    final Codec codec;

    final int maxMessageSize = Frames.DEFAULT_MAX_MESSAGE_SIZE;

    final ClassServer classServer;

    private final Children children;

    /** Children's log records, levels and debug logs. */
    final LogRouting logs;

    /** Channels opened here and senders received here. */
    final Channels channels;

    private final Context myself;

    private final Map<Integer, Context> contexts = new ConcurrentHashMap<>();

    private final Map<Integer, Receiver<?>> pending = new ConcurrentHashMap<>();

    private final List<CallListener> callListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final List<CallObserver> callObservers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Ids this master handed out, mapped to the context under which each will appear. */
    private final Map<Integer, Integer> expectedRoutes = new ConcurrentHashMap<>();

    private final AtomicInteger nextId = new AtomicInteger(1);

    private volatile ResourcePolicy resourcePolicy;

    /**
     * A master router: the root of a tree of contexts, serving them this JVM's classes and
     * resources (those of the calling thread's context class loader, and of every class whose
     * methods are called) under {@link ResourcePolicy#defaults()}.
     */
    public Router(Broker broker) {
        this(broker, 0, new int[0], null, ClassServer.fromLoader(Thread.currentThread().getContextClassLoader()));
        this.core.setRouteGuard(this::isExpectedRoute);
        this.core.addHandler(Handles.ALLOCATE_ID, this::onAllocateId, Policy.FROM_CHILD);
        this.core.addHandler(Handles.FORWARD_LOG, this.logs::onForwardedLogs, Policy.FROM_CHILD);
        this.logs.scheduleLevelCheck();
        resourcePolicy(ResourcePolicy.defaults());
    }

    /** A child's router: {@code parent} is the stream to the context that started it. */
    Router(Broker broker, int myId, int[] parentIds, Stream parent, ClassServer classServer) {
        if (broker == null) {
            throw new IllegalArgumentException("'broker' must not be null");
        }
        this.broker = broker;
        this.core = new MessageRouter(myId, parentIds, parent);
        this.channels = new Channels(this);
        this.codec = new Codec(new Adapters.ContextAdapter(this), new Adapters.SecretAdapter(),
                new Adapters.ThrowableAdapter(), this.channels.new SenderAdapter());
        this.classServer = classServer;
        this.children = new Children(this);
        this.logs = new LogRouting(this);
        this.myself = new Context(this, myId, (myId == 0) ? "master" : "self", null);
        this.contexts.put(myId, this.myself);
        this.core.addRouteListener(this::onRouteRemoved);
        this.core.addHandler(Handles.GET_CLASS, classServer::onClassRequest, Policy.FROM_CHILD);
        this.core.addHandler(Handles.GET_RESOURCE, classServer::onResourceRequest, Policy.FROM_CHILD);
        this.core.addHandler(Handles.CONNECT, this.children::onConnectRequest, Policy.PARENT_AUTHORITY);
        this.core.addHandler(Handles.STOP_CHILD, this.children::onStopRequest, Policy.PARENT_AUTHORITY);
        this.core.addHandler(Handles.DISCONNECT, this.children::onDisconnectRequest, Policy.FROM_CHILD);
        this.core.addHandler(Handles.PING, (message, in) -> reply(message, null), Policy.ANY);
        this.core.addHandler(Handles.CHANNEL_CLOSED, this.channels::onChannelClosed, Policy.PARENT_AUTHORITY);
        classServer.bind(this.core, this.codec, (id) -> String.valueOf(this.contexts.get(id)));
        broker.addParticipant(this.children::stopAll);
    }

    /** Starts a child JVM on this machine with default options. */
    public Context local() {
        return local(LocalOptions.builder().build());
    }

    /** Starts a child JVM on this machine, or on {@code via}'s machine when set. */
    public Context local(LocalOptions options) {
        return connect(options);
    }

    /**
     * Starts a child JVM on another machine over ssh (Apache MINA SSHD; no {@code ssh} program
     * needed), opened from here or, with {@code via}, by that context on its machine.
     *
     * @throws AuthenticationFailedException wrong password, key or user
     * @throws HostKeyException the host key is unknown or changed under the host key policy
     * @throws ConnectionRefusedException nothing listens there
     * @throws ConnectFailedException the name does not resolve, or another failure to connect
     * @throws ConnectTimeoutException not ready within {@code connectTimeout}
     * @throws JavaNotFoundException no {@code java} at {@code javaPath} on the far side
     */
    public Context ssh(SshOptions options) {
        return connect(options);
    }

    /**
     * A channel on which code in other contexts sends values of {@code type} here as they
     * happen: pass its {@link Channel#sender()} to calls. Close it when done.
     */
    public <T> Channel<T> channel(Class<T> type) {
        if (type == null) {
            throw new IllegalArgumentException("'type' must not be null");
        }
        return this.channels.open(type);
    }

    /**
     * This context itself, as {@link Channel.Item#context()} or a call argument names it. It
     * runs no calls: one made to it is refused.
     */
    public Context myself() {
        return this.myself;
    }

    // Privilege and container methods: each starts a child JVM through a command, on this
    // machine or, with via, on the via context's machine. See each options class for the exact
    // command line.

    /**
     * Starts a child JVM as another user through {@code sudo}. A password, if set, answers sudo's
     * prompt; a refused one is an {@link AuthenticationFailedException}, a missing one a
     * {@link PasswordRequiredException}, sudoers' {@code requiretty} a {@link TtyRequiredException}.
     */
    public Context sudo(SudoOptions options) {
        return connect(options);
    }

    /** Starts a child JVM as another user through {@code su}, answering its password prompt. */
    public Context su(SuOptions options) {
        return connect(options);
    }

    /** Starts a child JVM as another user through {@code doas}. */
    public Context doas(DoasOptions options) {
        return connect(options);
    }

    /** Starts a child JVM in a Docker container ({@code docker exec}) or a temporary one ({@code docker run --rm}). */
    public Context docker(DockerOptions options) {
        return connect(options);
    }

    /** Starts a child JVM in a Podman container ({@code podman exec}) or a temporary one ({@code podman run --rm}). */
    public Context podman(PodmanOptions options) {
        return connect(options);
    }

    /** Starts a child JVM in a Kubernetes pod ({@code kubectl exec -i}). */
    public Context kubectl(KubectlOptions options) {
        return connect(options);
    }

    /** Starts a child JVM in an LXC container ({@code lxc-attach}). */
    public Context lxc(LxcOptions options) {
        return connect(options);
    }

    /** Starts a child JVM in an Incus instance ({@code incus exec}). */
    public Context incus(IncusOptions options) {
        return connect(options);
    }

    /** Starts a child JVM in an LXD instance (LXD's {@code lxc exec}). */
    public Context lxd(LxdOptions options) {
        return connect(options);
    }

    /** Starts a child JVM in a Buildah working container ({@code buildah run}). */
    public Context buildah(BuildahOptions options) {
        return connect(options);
    }

    /** Starts a child JVM in a FreeBSD jail ({@code jexec}). */
    public Context jail(JailOptions options) {
        return connect(options);
    }

    /** Starts a child JVM in a container's namespaces by its leader pid ({@code nsenter}). */
    public Context setns(SetnsOptions options) {
        return connect(options);
    }

    /**
     * Sets which resources children may load from this (master) context; see {@link ResourcePolicy}.
     * Applies to requests from then on; answers already given stay with the children that got them.
     *
     * @return this router
     */
    public Router resourcePolicy(ResourcePolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("'policy' must not be null (ResourcePolicy.denyAll() serves nothing)");
        }
        this.resourcePolicy = policy;
        this.classServer.resourcePolicy(policy::permits);
        return this;
    }

    /** The resource policy in force ({@code null} in a child, whose resources all come from its master). */
    public ResourcePolicy resourcePolicy() {
        return this.resourcePolicy;
    }

    /**
     * Sets how many bytes of related class files may travel with each class a child asks for
     * (preloading; default 256 KiB); {@code 0} turns preloading off. Children started from then on
     * use the same budget for their own children.
     *
     * @return this router
     */
    public Router preloadBudget(int bytes) {
        this.classServer.preloadBudget(bytes);
        return this;
    }

    /** The preload budget in bytes. */
    public int preloadBudget() {
        return this.classServer.preloadBudget();
    }

    /**
     * What this context served to {@code context} (a child that asked it for classes and
     * resources): requests, which are the child's round trips, classes and resources sent,
     * preloaded, not found and refused, and bytes. All zeros for a context that asked nothing,
     * including one further down the tree (its own parent serves it).
     */
    public ClassLoadingStats classLoadingStats(Context context) {
        if (context == null) {
            throw new IllegalArgumentException("'context' must not be null");
        }
        return new ClassLoadingStats(this.classServer.stats(context.id()));
    }

    /** What this context served to all its children together, since it started. */
    public ClassLoadingStats classLoadingStats() {
        return new ClassLoadingStats(this.classServer.totals());
    }

    /** The broker this router runs on. */
    public Broker broker() {
        return this.broker;
    }

    /** Adds a listener that hears about every call's completion (for metrics). */
    public void addCallListener(CallListener listener) {
        this.callListeners.add(listener);
    }

    /** Adds an observer that hears about every call with a reply as it starts and ends (for Observations). */
    public void addCallObserver(CallObserver observer) {
        this.callObservers.add(observer);
    }

    /**
     * The contexts this router knows and can still reach (the ones it started, those started
     * through them that it has heard of, and itself), for tools such as an actuator endpoint.
     */
    public java.util.List<Context> knownContexts() {
        java.util.List<Context> known = new java.util.ArrayList<>();
        for (Context context : this.contexts.values()) {
            if (context.isConnected()) {
                known.add(context);
            }
        }
        known.sort(java.util.Comparator.comparingInt(Context::id));
        return known;
    }

    /** Bytes this context sent to its children and parent, frames included, since it started. */
    public long bytesSent() {
        return this.core.traffic().sent();
    }

    /** Bytes this context received from its children and parent, frames included, since it started. */
    public long bytesReceived() {
        return this.core.traffic().received();
    }

    /**
     * Makes every context in the tree, this one included, also write a debug log:
     * {@code mitogen.<pid>.log} in each JVM's temporary directory (on that JVM's machine).
     * Contexts started later do the same.
     */
    public void enableDebug() {
        this.logs.enableDebug();
    }

    /**
     * Tells every child the level its records are kept at here now, if it changed. Runs every
     * two seconds on its own; call it to make a level change take effect at once.
     */
    public void refreshLogLevels() {
        this.logs.refreshLogLevels();
    }

    @Override
    public String toString() {
        return "Router(context " + this.core.myId() + ", " + this.contexts.size() + " contexts)";
    }

    Context connect(ConnectionOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("'options' must not be null");
        }
        if (this.broker.isShuttingDown()) {
            throw new ConnectFailedException("cannot connect: the broker is shut down");
        }
        Context via = options.via();
        if (via == null) {
            return this.children.connect(allocateId(this.core.myId()), options);
        }
        if (via.router() != this) {
            throw new InvalidOptionsException("via context " + via + " belongs to another router");
        }
        if (!via.isConnected()) {
            throw new ContextDisconnectedException("cannot connect via " + via + ": it is gone");
        }
        return this.children.connectVia(allocateId(via.id()), via, options);
    }

    /** An id for a new context that will appear under context {@code under}. */
    int allocateId(int under) {
        if (this.core.myId() == 0) {
            int id = this.nextId.getAndIncrement();
            this.expectedRoutes.put(id, under);
            return id;
        }
        Receiver<Integer> answer = newReceiver(contextFor(0, "master"), Integer.class, "id allocation");
        this.core.send(new Message(0, this.core.myId(), this.core.myId(), Handles.ALLOCATE_ID, answer.handle(), null));
        return answer.get(Duration.ofSeconds(30));
    }

    /** Sends a call; with {@code wantReply}, returns the receiver of its result. */
    <T> Receiver<T> invoke(Context context, CallTarget target, Object[] args, boolean wantReply) {
        this.classServer.remember(target.className, target.loader);
        if (!context.isConnected()) {
            throw new ContextDisconnectedException(context + " is gone; cannot call " + target);
        }
        Channels.Outgoing call = this.channels.beginEncoding(context);
        byte[] payload;
        try {
            payload = target.encode(this.codec, args);
        }
        catch (RuntimeException ex) {
            this.channels.endEncoding(call, null);
            throw ex;
        }
        if (!wantReply && !call.handsOutSenders()) {
            this.core.send(new Message(context.id(), this.core.myId(), this.core.myId(), Handles.CALL_FUNCTION, 0, payload));
            return null;
        }
        Receiver<T> receiver = newReceiver(context, target.returnType, target.toString());
        this.channels.endEncoding(call, receiver);
        if (!wantReply) {
            // Answered all the same, so that its senders end even if it fails before decoding
            // them; nobody waits for the answer, so a failure is logged here.
            receiver.onArrival(() -> logIfFailed(receiver));
            this.core.send(new Message(context.id(), this.core.myId(), this.core.myId(), Handles.CALL_FUNCTION,
                    receiver.handle(), payload));
            return null;
        }
        receiver.countAsCall();
        for (CallObserver observer : this.callObservers) {
            try {
                receiver.observedBy(observer.callStarting(context, target.toString()));
            }
            catch (RuntimeException ex) {
                log.warn("a call observer failed: {}", ex.toString());
            }
        }
        this.core.send(new Message(context.id(), this.core.myId(), this.core.myId(), Handles.CALL_FUNCTION,
                receiver.handle(), payload));
        return receiver;
    }

    private static void logIfFailed(Receiver<?> answer) {
        try {
            answer.get();
        }
        catch (RuntimeException ex) {
            log.warn("{} in {} failed (the caller is not waiting for it): {}", answer.what(), answer.context(),
                    ex.getMessage());
        }
    }

    /** A receiver for one answer from {@code context}, decoded as {@code type}. */
    <T> Receiver<T> newReceiver(Context context, Type type, String what) {
        Receiver<T> receiver = new Receiver<>(this, context, type, what);
        int handle = this.core.addHandler((message, in) -> receiver.complete(message), Policy.from(context.id()));
        receiver.bind(handle);
        this.pending.put(handle, receiver);
        if (!context.isConnected()) {
            receiver.complete(disconnected(context, handle));
        }
        return receiver;
    }

    void receiverDone(Receiver<?> receiver) {
        this.core.removeHandler(receiver.handle());
        this.pending.remove(receiver.handle());
    }

    /** Tells the call listeners; called once per call receiver when its answer arrives. */
    void callCompleted(Receiver<?> receiver, long elapsedNanos, boolean failed) {
        if (this.callListeners.isEmpty()) {
            return;
        }
        Duration elapsed = Duration.ofNanos(elapsedNanos);
        for (CallListener listener : this.callListeners) {
            try {
                listener.onCallCompleted(receiver.context(), receiver.what(), elapsed, failed);
            }
            catch (RuntimeException ex) {
                log.warn("a call listener failed: {}", ex.toString());
            }
        }
    }

    /** Answers {@code request} with {@code value} (a {@link Throwable} travels as a failure). */
    void reply(Message request, Object value) {
        if (request.replyTo <= 0) {
            return;
        }
        byte[] payload;
        try {
            payload = this.codec.encode(value);
        }
        catch (CodecException ex) {
            payload = this.codec.encode(ex);
        }
        this.core.send(new Message(request.srcId, this.core.myId(), this.core.myId(), request.replyTo, 0, payload));
    }

    /** The context object for {@code id}, made on first sight (e.g. decoded from a message). */
    Context contextFor(int id, String name) {
        return this.contexts.computeIfAbsent(id, (key) -> new Context(this, key, name, null));
    }

    /** The context with {@code id} if this router knows it, else {@code null}. */
    Context knownContext(int id) {
        return this.contexts.get(id);
    }

    /** The contexts this router knows, itself included. */
    java.util.Collection<Context> contexts() {
        return this.contexts.values();
    }

    void register(Context context) {
        this.contexts.put(context.id(), context);
    }

    /** Stops {@code context} and waits until it is gone. */
    void stop(Context context) {
        Duration grace = this.broker.shutdownGrace();
        CompletableFuture<?> done;
        if (this.children.isDirect(context.id())) {
            done = this.children.stop(context.id(), grace);
        }
        else if (context.via() != null) {
            Receiver<Object> answer = newReceiver(context.via(), Object.class, "stop " + context);
            Codec.Writer out = this.codec.writer().writeInt(context.id());
            out.writeLong(grace.toMillis());
            this.core.send(new Message(context.via().id(), this.core.myId(), this.core.myId(), Handles.STOP_CHILD,
                    answer.handle(), out.toByteArray()));
            done = CompletableFuture.runAsync(() -> answer.get(grace.plusSeconds(10)));
        }
        else {
            throw new InvalidCallException(context + " was not started by this router, so it cannot stop it");
        }
        try {
            done.get(grace.toMillis() + 10_000, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        catch (Exception ex) {
            if (context.isConnected()) {
                throw new MitogenException("could not confirm that " + context + " stopped: " + ex, ex);
            }
        }
    }

    /**
     * Asks the parent for a class or resource ({@code handle} {@code GET_CLASS} or
     * {@code GET_RESOURCE}); completes with the answer's bytes, {@code null} for none.
     */
    CompletableFuture<byte[]> fetchUpstream(int handle, String name) {
        int parentId = this.core.parentIds()[0];
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        String what = ((handle == Handles.GET_CLASS) ? "class " : "resource ") + name;
        Receiver<byte[]> answer = newReceiver(contextFor(parentId, "parent"), byte[].class, what);
        answer.onArrival(() -> {
            try {
                bytes.complete(answer.get());
            }
            catch (RuntimeException ex) {
                bytes.completeExceptionally(ex);
            }
        });
        int myId = this.core.myId();
        this.core.send(new Message(parentId, myId, myId, handle, answer.handle(),
                name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return bytes;
    }

    /** Stops this context's own children (a child shutting down). */
    CompletableFuture<?> stopChildren() {
        return this.children.stopAll();
    }

    /** Whether {@code id} was handed out for a context that {@code announcer} starts (once). */
    private boolean isExpectedRoute(int id, int announcer) {
        return this.expectedRoutes.remove(id, announcer);
    }

    private void onAllocateId(Message message, Stream in) {
        reply(message, allocateId(message.srcId));
    }

    private void onRouteRemoved(int id) {
        this.classServer.forget(id);
        Context context = this.contexts.get(id);
        this.logs.forget(id);
        this.channels.contextGone(id);
        if (context != null && context != this.myself) {
            context.markDisconnected();
            log.debug("{} is gone", context);
        }
        for (Receiver<?> receiver : this.pending.values()) {
            if (receiver.context().id() == id) {
                receiver.complete(disconnected(receiver.context(), receiver.handle()));
            }
        }
    }

    private Message disconnected(Context context, int handle) {
        Message request = new Message(context.id(), this.core.myId(), this.core.myId(), 0, handle, null);
        return request.deadReply(context.id(), Message.DEAD_DISCONNECTED, context + " is gone (its link was lost or it shut down)");
    }

    List<Integer> parentIds() {
        int[] ids = this.core.parentIds();
        Integer[] boxed = new Integer[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boxed[i] = ids[i];
        }
        return List.of(boxed);
    }
}
