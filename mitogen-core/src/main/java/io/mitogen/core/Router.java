package io.mitogen.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.mitogen.core.internal.classloading.ClassServer;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.router.MessageRouter.Policy;
import io.mitogen.core.internal.router.MessageRouter;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.wire.Message;

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

    // Over 400 lines for a reason: this is the API's facade, and its public methods with their
    // documentation are most of it. The work is elsewhere: calls and answers in Calls, children
    // in Children, channels in Channels, logs in LogRouting, stopping in Stopping.

    private static final Log log = Log.get(Router.class);

    /** In a child JVM: its one router, set by the child's runtime before any call runs. */
    static volatile Router inChild;

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

    /** Calls made from here and the answers they wait for. */
    final Calls calls;

    /** Context ids: handed out by the master, in blocks to children; made on first use (not in the core bundle). */
    private volatile IdAllocator ids;

    private volatile ResourcePolicy resourcePolicy;

    /** Made on first use by {@link FileTransfer#of}, which a child fetches only then. */
    volatile FileTransfer files;

    private ConnectPool connectPool;

    /**
     * In a child JVM: its router, for code there that has no other way to it
     * ({@link FileTransfer#inThisContext()}). Set by the child runtime.
     */

    /**
     * A master router: the root of a tree of contexts, serving them this JVM's classes and
     * resources (those of the calling thread's context class loader, and of every class whose
     * methods are called) under {@link ResourcePolicy#defaults()}.
     */
    public Router(Broker broker) {
        this(broker, 0, new int[0], null, ClassServer.fromLoader(Thread.currentThread().getContextClassLoader()));
        this.core.setRouteGuard((id, announcer) -> ids().claim(id, announcer));
        this.core.addHandler(Handles.ALLOCATE_ID, this::onAllocateId, Policy.FROM_CHILD);
        // A master's own classes: loaded here, not on the reading thread (where a JVM whose
        // classes come from its parent could not wait for them).
        Class<?> forwardedLogs = ForwardedLogs.class;
        this.core.addHandler(Handles.FORWARD_LOG, (message, in) -> ForwardedLogs.onForwardedLogs(this, message, in),
                Policy.FROM_CHILD);
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
        this.calls = new Calls(this);
        this.logs = new LogRouting(this);
        this.myself = new Context(this, myId, (myId == 0) ? "master" : "self", null);
        this.contexts.put(myId, this.myself);
        this.core.addRouteListener(this::onRouteRemoved);
        this.core.addHandler(Handles.GET_CLASS, classServer::onClassRequest, Policy.FROM_CHILD);
        this.core.addHandler(Handles.GET_RESOURCE, classServer::onResourceRequest, Policy.FROM_CHILD);
        this.core.addHandler(Handles.CONNECT, this.children::onConnectRequest, Policy.PARENT_AUTHORITY);
        this.core.addHandler(Handles.STOP_CHILD, this.children::onStopRequest, Policy.PARENT_AUTHORITY);
        this.core.addHandler(Handles.DISCONNECT, this.children::onDisconnectRequest, Policy.FROM_CHILD);
        this.core.addHandler(Handles.DETACHING, this.children::onDetaching, Policy.FROM_CHILD);
        // On a thread of its own before Attachment is touched: it is fetched from the parent,
        // whose answer this (reading) thread would have to deliver.
        this.core.addHandler(Handles.ATTACH_VIA, (message, in) -> {
            Thread thread = new Thread(() -> Attachment.onAttachVia(this, message), "mitogen-attach");
            thread.setDaemon(true);
            thread.start();
        }, Policy.PARENT_AUTHORITY);
        this.core.addHandler(Handles.PING, (message, in) -> this.calls.reply(message, null), Policy.ANY);
        // Any context may tell: it closes only the senders of its own channels (keyed by its id).
        this.core.addHandler(Handles.CHANNEL_CLOSED, this.channels::onChannelClosed, Policy.ANY);
        this.core.addHandler(Handles.CHANNEL_GRANT, this.channels::onGrant, Policy.PARENT_AUTHORITY);
        // From whichever context owns a sender held here: Channels checks the owner, not the policy.
        this.core.addHandler(Handles.CHANNEL_CREDIT, this.channels::onCredit, Policy.ANY);
        classServer.bind(this.core, this.codec, (id) -> String.valueOf(this.contexts.get(id)));
        broker.addParticipant(this.children::stopAll);
    }

    /**
     * Moves files and trees to, from and between contexts, and serves the roots children may
     * fetch from; see {@link FileTransfer}.
     */
    public FileTransfer files() {
        return FileTransfer.of(this);
    }

    /**
     * Starts a context by any method ({@link LocalOptions}, {@link SshOptions}, ...) without
     * waiting: the future completes with the context once it is ready, or exceptionally with
     * the very exception the method's synchronous form ({@link #local(LocalOptions)},
     * {@link #ssh(SshOptions)}, ...) would throw. At most {@link #connectPoolSize()} connects
     * run at once, the rest wait their turn in order, so a fleet of hundreds connects as fast
     * as the machine allows. The future completes on a thread of that pool: hand long work on
     * to your own executor. Cancelling it gives up the context: one that connects anyway is
     * shut down.
     *
     * @throws IllegalArgumentException if {@code options} is {@code null}
     */
    public CompletableFuture<Context> connectAsync(ConnectionOptions options) {
        return connectPool().submit(options);
    }

    /**
     * How many {@link #connectAsync} connects run at once: {@code -Dmitogen.connectPoolSize},
     * else the environment's {@code MITOGEN_POOL_SIZE} (upstream Mitogen's name), else 32.
     */
    public int connectPoolSize() {
        return connectPool().size();
    }

    /** Sets how many {@link #connectAsync} connects run at once (at least 1); queued ones keep their place. */
    public void connectPoolSize(int size) {
        connectPool().resize(size);
    }

    private synchronized ConnectPool connectPool() {
        if (this.connectPool == null) {
            this.connectPool = new ConnectPool(this);
        }
        return this.connectPool;
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
        return channel(type, ChannelOptions.defaults());
    }

    /**
     * A channel as {@link #channel(Class)}, with its flow-control window set by {@code options}:
     * how far each sender may get ahead of this side's reader.
     */
    public <T> Channel<T> channel(Class<T> type, ChannelOptions options) {
        if (type == null || options == null) {
            throw new IllegalArgumentException("'type' and 'options' must not be null");
        }
        return this.channels.open(type, options);
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
     * Attaches to a detached context that listens on the Unix-domain socket {@code socket}
     * ({@code ExecutionContext.listen}), on this machine: this context becomes its parent, with
     * the authority of one (calls, shutdown). Its subtree comes with it. The context stays
     * detached: if this program ends, it goes on, and a later program may attach again.
     *
     * @throws MitogenException if nothing listens at {@code socket}, or it belongs to another user
     */
    public Context attach(java.nio.file.Path socket) {
        return Attachment.attach(this, AttachOptions.builder(socket).build());
    }

    /**
     * Attaches to a detached context's socket as {@link #attach(java.nio.file.Path)} does, on
     * this machine or, with {@link AttachOptions.Builder#via(Context)}, through a context on
     * the socket's machine, which connects to it and relays (the attached context is then below
     * that one, and this router is still on its parent chain).
     *
     * @throws MitogenException if nothing listens at the socket, or it belongs to another user
     */
    public Context attach(AttachOptions options) {
        return Attachment.attach(this, options);
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
     * (preloading; default 512 KiB); {@code 0} turns preloading off. A child on this machine's own
     * pipes (local, sudo, su, doas) gets at most 64 KiB per answer, as its round trips are cheap.
     * Children started from then on use the same budget for their own children.
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
        this.calls.listeners.add(listener);
    }

    /** Adds an observer that hears about every call with a reply as it starts and ends (for Observations). */
    public void addCallObserver(CallObserver observer) {
        this.calls.observers.add(observer);
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

    /** The stream to a child this context started itself, or {@code null}: for {@link LinkTraffic}. */
    Stream linkTo(int id) {
        return this.children.streamOf(id);
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
            throw new ConnectFailedException("cannot connect " + options.method() + ": this router's broker is shut down;"
                    + " connect with a router that is running (start a new one)");
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
        return ids().allocate(under);
    }

    IdAllocator ids() {
        IdAllocator allocator = this.ids;
        if (allocator == null) {
            synchronized (this) {
                allocator = this.ids;
                if (allocator == null) {
                    allocator = new IdAllocator(this);
                    this.ids = allocator;
                }
            }
        }
        return allocator;
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
        Stopping.stop(this, context);
    }

    /**
     * Shuts {@code contexts} down at once and waits until all are gone: every one is asked
     * before any is waited for, so the whole costs about what the slowest one does (one round
     * trip on a slow link), not their sum. A context started through another one in the list
     * goes with it. Ones already gone, and this context itself, are skipped.
     *
     * @throws MitogenException if one could not be confirmed gone (the others were still waited
     *         for); the rest are suppressed in it
     */
    public void shutdown(java.util.Collection<? extends Context> contexts) {
        if (contexts == null) {
            throw new IllegalArgumentException("'contexts' must not be null");
        }
        Stopping.all(this, contexts);
    }

    /** Whether {@code id} is a child this context started itself. */
    boolean isDirectChild(int id) {
        return this.children.isDirect(id);
    }

    /** Asks this context's own child {@code id} to stop; completes when it is gone. */
    CompletableFuture<Void> stopChild(int id, Duration grace) {
        return this.children.stop(id, grace);
    }

    /** Whether this context has no children to stop (nor a transport to close). */
    boolean hasNoChildren() {
        return this.children.isEmpty();
    }

    /** Stops this context's own children (a child shutting down). */
    CompletableFuture<?> stopChildren() {
        return this.children.stopAll();
    }

    private void onAllocateId(Message message, Stream in) {
        try {
            this.calls.reply(message, ids().handOutBlock(message.srcId));
        }
        catch (MitogenException ex) {
            log.warn("refused context ids to context {}: {}", message.srcId, ex.getMessage());
            this.calls.reply(message, ex);
        }
    }

    private void onRouteRemoved(int id) {
        this.classServer.forget(id);
        IdAllocator allocator = this.ids;
        if (allocator != null) {
            allocator.forget(id);
        }
        Context context = this.contexts.get(id);
        this.logs.forget(id);
        this.channels.contextGone(id);
        if (context != null && context != this.myself) {
            context.markDisconnected();
            log.debug("{} is gone", context);
        }
        this.calls.contextGone(id);
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
