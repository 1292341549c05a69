package io.mitogen.core;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.mitogen.core.internal.connection.Link;
import io.mitogen.core.internal.connection.Transports;
import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.constants.Timeouts;
import io.mitogen.core.internal.transport.BootCommand;
import io.mitogen.core.internal.transport.ConnectionMethod;
import io.mitogen.core.internal.transport.Handshake;
import io.mitogen.core.internal.transport.ProcessLink;
import io.mitogen.core.internal.transport.StderrCollector;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * The children this context started itself: how they are started (directly, or by asking the
 * {@code via} context to start them), watched, and stopped. A child is gone only when both its
 * channel has ended and its process has exited; then its routes are dropped.
 */
final class Children {

    private static final Log log = Log.get(Children.class);

    /** Methods whose child runs on this machine, on pipes: a round trip there costs ~0.1 ms. */
    private static final java.util.Set<String> NEARBY_METHODS = java.util.Set.of("local", "sudo", "su", "doas");

    private final Router router;

    private final Map<Integer, Child> direct = new ConcurrentHashMap<>();

    /** What the connection methods share (the ssh client), closed once every child is gone. */
    private final Transports transports = new Transports();

    Children(Router router) {
        this.router = router;
    }

    /** The stream to child {@code id}, if this context started it itself; else {@code null}. */
    Stream streamOf(int id) {
        Child child = this.direct.get(id);
        return (child != null) ? child.stream : null;
    }

    /** No child of its own and no transport open: stopping them all would do nothing. */
    boolean isEmpty() {
        return this.direct.isEmpty() && this.transports.isIdle();
    }

    boolean isDirect(int id) {
        return this.direct.containsKey(id);
    }

    /** Starts a child of this context with id {@code id}. */
    Context connect(int id, ConnectionOptions options) {
        String javaPath = (options.javaPath() != null) ? options.javaPath() : ConnectionMethod.defaultJavaPath(options);
        String psName = (options.remoteName() != null) ? options.remoteName() : defaultRemoteName();
        long deadline = System.nanoTime() + options.connectTimeout().toNanos();
        Link link = this.transports.start(options, BootCommand.build(javaPath, options.jvmArgs(), psName), javaPath,
                options.connectTimeout());
        StderrCollector stderr = link.collectStderr(psName);
        if (Log.isIoEnabled()) {
            log.debug("starting {}: {}", psName, options);
        }
        // What opening the transport took (an ssh login) counts against the same timeout.
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000L));
        Handshake.Result channel = Handshake.run(link, stderr, configFrame(id, psName), options.connectTimeout(), left,
                this.router.broker::schedule, this.router.maxMessageSize);
        Map<?, ?> ready = decodeInfo(channel.ready.payload);
        Object pid = ready.get("pid");
        String name = (options.remoteName() != null) ? options.remoteName()
                : options.method() + "." + ((pid instanceof Number) ? pid : id);
        stderr.connected((line) -> this.router.logs.stderrLine(id, name, line));
        Stream stream = new Stream(name, channel.in, channel.out, this.router.maxMessageSize);
        stream.countInto(this.router.core.traffic());
        Child child = new Child(link, stream, "local".equals(options.method()));
        if (NEARBY_METHODS.contains(options.method())) {
            this.router.classServer.nearby(id);
        }
        this.direct.put(id, child);
        Context context = new Context(this.router, id, name, null);
        context.describe(ready);
        this.router.register(context);
        awaitRoute(id, link, stream, options, deadline);
        stream.start(new Stream.Listener() {
            @Override
            public void onMessage(Stream from, Message message) {
                Children.this.router.core.onMessage(from, message);
            }

            @Override
            public void onDisconnect(Stream from, Throwable cause) {
                onChannelEnded(id, child);
            }
        });
        log.debug("{} is up (pid {}, Java {})", context, pid, ready.get("javaVersion"));
        if (this.router.core.myId() == 0) {
            this.router.refreshLogLevels();
        }
        return context;
    }

    /**
     * Routes to the new child, and waits until every context up to the master does, before its
     * messages are read: on the way up, a message from it would otherwise find no route.
     */
    private void awaitRoute(int id, Link link, Stream stream, ConnectionOptions options, long deadline) {
        try {
            this.router.core.addRoute(id, stream).get(Math.max(deadline - System.nanoTime(), 1_000_000L),
                    TimeUnit.NANOSECONDS);
        }
        catch (Exception ex) {
            link.kill();
            this.direct.remove(id);
            this.router.core.removeStream(stream);
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (ex instanceof TimeoutException) {
                throw new ConnectTimeoutException(link.describe() + " started, but the master did not confirm the route"
                        + " to it (context " + id + ") within " + options.connectTimeout() + "; the master is busy or"
                        + " its connection is going: retry, or raise connectTimeout(...)");
            }
            throw new ConnectFailedException(link.describe() + " started, but the route to it (context " + id
                    + ") was not confirmed: " + ex + "; the connection to the master is going: retry once it is back", ex);
        }
    }

    /** Asks {@code via} to start a child with id {@code id}, then routes to it through {@code via}. */
    Context connectVia(int id, Context via, ConnectionOptions options) {
        Codec.Writer out = this.router.codec.writer().writeInt(id).writeString(options.method());
        out.write(options.toWire());
        Receiver<Map<?, ?>> answer = this.router.calls.newReceiver(via, Map.class, "connect via " + via);
        this.router.core.sendTo(via.id(), Handles.CONNECT,
                answer.handle(), out.toByteArray());
        Map<?, ?> info;
        try {
            info = answer.get(options.connectTimeout().plusMillis(Timeouts.CONNECT_ANSWER_MARGIN_MILLIS));
        }
        catch (CallException ex) {
            throw RelayedFailures.of(via, ex);
        }
        Object name = info.get("name");
        Context context = new Context(this.router, id, (name instanceof String) ? (String) name : "context." + id, via);
        context.describe(info);
        this.router.register(context);
        if (this.router.core.myId() == 0) {
            this.router.refreshLogLevels();
        }
        return context;
    }

    /** CONNECT from the parent chain: start a child here, on a thread of its own (it blocks). */
    void onConnectRequest(Message request, Stream in) {
        Thread thread = new Thread(() -> {
            try {
                Codec.Reader reader = this.router.codec.reader(request.payload, 0, request.payload.length);
                int id = reader.readInt();
                String method = reader.readString();
                @SuppressWarnings("unchecked")
                Map<String, Object> wire = (Map<String, Object>) reader.read(Map.class);
                Context context = connect(id, ConnectionOptions.fromWire(method, wire));
                Map<String, Object> info = new LinkedHashMap<>(context.info());
                info.put("name", context.name());
                this.router.calls.reply(request, info);
            }
            catch (Throwable ex) {
                this.router.calls.reply(request, ex);
            }
        }, "mitogen-connect");
        thread.setDaemon(true);
        thread.start();
    }

    /** STOP_CHILD from the parent chain: stop one of this context's children, then answer. */
    void onStopRequest(Message request, Stream in) {
        Codec.Reader reader = this.router.codec.reader(request.payload, 0, request.payload.length);
        int id = reader.readInt();
        Duration grace = Duration.ofMillis(reader.readLong());
        stop(id, grace).whenComplete((ok, failure) -> this.router.calls.reply(request, null));
    }

    /**
     * DISCONNECT from a child that is exiting: close our end of its channel so its reader sees
     * end of input now. Only the child itself may ask, on its own stream.
     */
    void onDisconnectRequest(Message request, Stream in) {
        Child child = this.direct.get(request.srcId);
        if (child != null && child.stream == in) {
            child.saidGoodbye = true;
            if (child.isJvm) {
                ((ProcessLink) child.link).endProcess();
            }
            child.stream.close();
        }
    }

    /**
     * DETACHING from a child, on its own stream: from now on it is let go of (its channel
     * closed, its routes dropped) instead of stopped or killed.
     */
    void onDetaching(Message request, Stream in) {
        Child child = this.direct.get(request.srcId);
        if (child == null || child.stream != in) {
            return;
        }
        child.detached = true;
        log.debug("context {} detached", request.srcId);
        this.router.calls.reply(request, null);
    }

    /** Asks child {@code id} to exit, kills it after {@code grace}; completes when it is gone. */
    CompletableFuture<Void> stop(int id, Duration grace) {
        Child child = this.direct.get(id);
        if (child == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (child.detached) {
            // Asked by name: it is told to exit, and not killed (it outlives this context).
            int myId = this.router.core.myId();
            child.stream.send(new Message(id, myId, myId, Handles.SHUTDOWN, 0, null));
            return child.gone;
        }
        int myId = this.router.core.myId();
        child.stream.send(new Message(id, myId, myId, Handles.SHUTDOWN, 0, null));
        ScheduledFuture<?> kill = this.router.broker.schedule(child.link::kill, grace);
        child.gone.whenComplete((ok, failure) -> kill.cancel(false));
        return child.gone;
    }

    /**
     * Stops every child at once, then closes what the connection methods share (the ssh
     * client): children leave over their own connections first. The broker waits on the result.
     */
    CompletableFuture<?> stopAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Map.Entry<Integer, Child> entry : this.direct.entrySet()) {
            if (entry.getValue().detached) {
                // The broker's close lets a detached child go: it outlives this program.
                letGo(entry.getKey(), entry.getValue());
                continue;
            }
            all.add(stop(entry.getKey(), this.router.broker.shutdownGrace()));
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
                .handle((ok, failure) -> this.transports.close())
                .thenCompose((closed) -> closed);
    }

    /**
     * The channel ended: the child exits on its own when it sees that, and is killed if it has
     * not after the grace period. Only then are its routes dropped, so "gone" means gone.
     */
    private void onChannelEnded(int id, Child child) {
        child.stream.close();
        if (child.detached) {
            letGo(id, child);
            return;
        }
        ScheduledFuture<?> kill = this.router.broker.schedule(child.link::kill, this.router.broker.shutdownGrace());
        if (child.saidGoodbye && child.link.reportsExitRemotely()) {
            // It said goodbye, then ended its channel: all it does next is exit. Its exit status
            // would only come back a round trip later (over a slow link, that round trip is what
            // shutdown() costs); the kill stays armed in case it never exits.
            child.link.exit().whenComplete((status, failure) -> kill.cancel(false));
            forget(id, child);
            return;
        }
        child.link.exit().whenComplete((status, failure) -> {
            kill.cancel(false);
            forget(id, child);
        });
    }

    private void forget(int id, Child child) {
        this.direct.remove(id, child);
        this.router.core.removeStream(child.stream);
        child.gone.complete(null);
    }

    /** A detached child: its channel is closed and its routes dropped; its process lives on. */
    private void letGo(int id, Child child) {
        child.stream.close();
        this.direct.remove(id, child);
        this.router.core.removeStream(child.stream);
        child.gone.complete(null);
    }

    private byte[] configFrame(int id, String psName) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("id", id);
        List<Integer> parents = new ArrayList<>();
        parents.add(this.router.core.myId());
        parents.addAll(this.router.parentIds());
        config.put("parentIds", parents);
        config.put("name", psName);
        config.put("maxMessageSize", this.router.maxMessageSize);
        config.put("shutdownGraceMillis", this.router.broker.shutdownGrace().toMillis());
        config.put("preloadBudget", this.router.preloadBudget());
        // Refined per context once its name is known (refreshLogLevels); this covers its start.
        config.put("logLevel", Log.threshold("mitogen.ctx." + psName));
        config.put("io", Log.isIoEnabled());
        config.put("debug", this.router.logs.isDebug() || Log.isDebugFileOpen());
        Message message = new Message(id, this.router.core.myId(), this.router.core.myId(), Handles.CONFIG, 0,
                this.router.codec.encode(config));
        byte[] frame = new byte[Frames.HEADER_SIZE + message.payload.length];
        Frames.writeHeader(message, frame, 0);
        System.arraycopy(message.payload, 0, frame, Frames.HEADER_SIZE, message.payload.length);
        return frame;
    }

    private Map<?, ?> decodeInfo(byte[] payload) {
        Object info = this.router.codec.decode(payload, 0, payload.length, Map.class);
        return (info instanceof Map) ? (Map<?, ?>) info : Map.of();
    }

    /** {@code mitogen:<user>@<host>:<pid>}, as the Python original shows in {@code ps}. */
    static String defaultRemoteName() {
        String user = System.getProperty("user.name", "unknown");
        return ("mitogen:" + user + "@" + hostname() + ":" + ProcessHandle.current().pid())
                .replaceAll("[^A-Za-z0-9_./:=@%+,-]", "_");
    }

    /** Read with a plain stream: NIO's file classes would add ~3 ms to every child's start. */
    static String hostname() {
        try (FileInputStream in = new FileInputStream("/proc/sys/kernel/hostname")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        catch (IOException | SecurityException ex) {
            String env = System.getenv("HOSTNAME");
            return (env != null) ? env : "localhost";
        }
    }

    private static final class Child {

        final Link link;

        final Stream stream;

        final CompletableFuture<Void> gone = new CompletableFuture<>();

        /**
         * The link's process is the child JVM itself (a {@code local} child: its shell execs
         * java), not a program in front of it (sudo, a container engine) that must see it exit.
         */
        final boolean isJvm;

        /** It sent DISCONNECT: everything it had to say is said, and it exits next. */
        volatile boolean saidGoodbye;

        /** It detached: it outlives this context, which only lets go of it. */
        volatile boolean detached;

        Child(Link link, Stream stream, boolean isJvm) {
            this.link = link;
            this.stream = stream;
            this.isJvm = isJvm && link instanceof ProcessLink;
        }
    }
}
