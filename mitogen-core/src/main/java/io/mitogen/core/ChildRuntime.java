package io.mitogen.core;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.mitogen.core.internal.classloading.ClassServer;
import io.mitogen.core.internal.classloading.RemoteClassLoader;
import io.mitogen.core.internal.connection.Transports;
import io.mitogen.core.internal.logging.JulConfig;
import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.logging.LogForwarder;
import io.mitogen.core.internal.logging.StdoutForwarder;
import io.mitogen.core.internal.router.MessageRouter.Policy;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.constants.Timeouts;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * The child's side, once the bootstrap has the channel: a router whose parent is the channel,
 * a class loader that asks the parent, logging and stdout that go to the master, and the main
 * thread running calls. Internal: started by the bootstrap, not by applications.
 *
 * <p>The child lives exactly as long as its parent wants: a {@code SHUTDOWN} from the parent
 * chain stops its children, sends what is left of its logs and exits; the end of the channel
 * (the parent died) kills everything this child started and exits at once.
 */
public final class ChildRuntime {

    private static final Log log = Log.get(ChildRuntime.class);

    private final Router router;

    private final Stream parent;

    private final CallRunner runner;

    private final LogForwarder logs;

    private final StdoutForwarder stdout;

    private final AtomicBoolean stopping = new AtomicBoolean();

    /** This JVM's runtime, for {@code ExecutionContext.detach()} and {@code listen}. */
    static volatile ChildRuntime current;

    /** DISCONNECT is sent: the end of the channel that follows is the one asked for, not a loss. */
    private volatile boolean saidGoodbye;

    /** After {@code detach()}: losing the parent no longer ends this context. */
    volatile boolean detached;

    /** After {@code detach()}: where this context's own records and stdout go; {@code null}: dropped. */
    volatile java.util.function.Consumer<List<List<Object>>> detachedLogs;

    private ChildRuntime(Router router, Stream parent, CallRunner runner, LogForwarder logs, StdoutForwarder stdout) {
        this.router = router;
        this.parent = parent;
        this.runner = runner;
        this.logs = logs;
        this.stdout = stdout;
    }

    /**
     * Runs the child until it is told to stop or loses its parent; never returns normally.
     *
     * @param in the channel from the parent, positioned after the CONFIG frame
     * @param out the channel to the parent
     * @param configPayload the CONFIG frame's payload
     * @param stdoutPipe what the child and its subprocesses write to stdout
     */
    public static void run(DataInputStream in, OutputStream out, byte[] configPayload, InputStream stdoutPipe)
            throws InterruptedException {
        Map<?, ?> config = (Map<?, ?>) new Codec().decode(configPayload, 0, configPayload.length, Map.class);
        int id = number(config, "id");
        int[] parentIds = parentIds(config);
        int maxMessageSize = number(config, "maxMessageSize");
        Log.setIoEnabled(Boolean.TRUE.equals(config.get("io")));

        Stream parent = new Stream("parent", in, out, maxMessageSize);
        Broker broker = new Broker(Duration.ofMillis(((Number) config.get("shutdownGraceMillis")).longValue()));
        // The loader asks through the router, and the router's class server serves from the loader.
        Router[] routerRef = new Router[1];
        RemoteClassLoader loader = new RemoteClassLoader(ChildRuntime.class.getClassLoader(),
                (handle, name) -> routerRef[0].calls.fetchUpstream(handle, name), new Codec());
        ClassServer classServer = ClassServer.relaying(loader);
        // The ssh transport and MINA SSHD are not in the core bundle: they come through this loader.
        Transports.useLoader(loader);
        Object budget = config.get("preloadBudget");
        if (budget instanceof Number) {
            classServer.preloadBudget(((Number) budget).intValue());
        }
        Router router = new Router(broker, id, parentIds, parent, classServer);
        parent.countInto(router.core.traffic());
        routerRef[0] = router;
        // Read by ExecutionContext.current(); that class loads only when user code asks for it.
        Router.inChild = router;
        // Threads started from here on inherit it: JUL finds its configuration class through it.
        Thread.currentThread().setContextClassLoader(loader);
        // Core classes left out of the bundle are fetched when first used, and defined beside
        // the rest of the core.
        io.mitogen.core.internal.firststage.Stage1.missing = loader::bytesOf;

        LogForwarder logs = forwardLogs(router, id, number(config, "logLevel"));
        StdoutForwarder stdout = new StdoutForwarder(stdoutPipe, logs, id);
        stdout.start();
        if (Boolean.TRUE.equals(config.get("debug"))) {
            writeDebugLog();
        }

        CallRunner runner = new CallRunner(router, loader, logs);
        ChildRuntime child = new ChildRuntime(router, parent, runner, logs, stdout);
        current = child;
        child.listenToParent(loader);
        parent.send(new Message(parentIds[0], id, id, Handles.READY, 0, router.codec.encode(describeSelf())));
        logs.start();
        runner.runUntilStopped();
        Thread.currentThread().join();
    }

    private static int[] parentIds(Map<?, ?> config) {
        List<?> parents = (List<?>) config.get("parentIds");
        int[] parentIds = new int[parents.size()];
        for (int i = 0; i < parentIds.length; i++) {
            parentIds[i] = ((Number) parents.get(i)).intValue();
        }
        return parentIds;
    }

    /**
     * Sends this JVM's records (the core's, SLF4J's and JUL's) to the parent, or to whoever
     * attached to a detached subtree. Records queue from now on but leave only after READY:
     * READY must be the first frame.
     */
    private static LogForwarder forwardLogs(Router router, int id, int level) {
        LogForwarder logs = new LogForwarder(id, level, (batch) -> {
            ChildRuntime self = current;
            if (self == null || !self.detached) {
                router.logs.forwardLogs(batch);
            }
            else if (self.detachedLogs != null) {
                self.detachedLogs.accept(batch);
            }
        });
        Log.setSink(logs);
        System.setProperty("slf4j.provider", "io.mitogen.core.internal.logging.slf4j.ForwardingServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");
        System.setProperty("java.util.logging.config.class", JulConfig.class.getName());
        return logs;
    }

    /** What only the parent may ask of a child, and reading the parent's stream. */
    private void listenToParent(RemoteClassLoader loader) {
        Router router = this.router;
        router.core.addHandler(Handles.CALL_FUNCTION, (message, from) -> this.runner.enqueue(message),
                Policy.PARENT_AUTHORITY);
        router.core.addHandler(Handles.SHUTDOWN, (message, from) -> shutdown(), Policy.PARENT_AUTHORITY);
        router.core.addHandler(Handles.CLASS_OFFER, (message, from) -> loader.offered(message.payload),
                Policy.PARENT_AUTHORITY);
        router.core.addHandler(Handles.SET_LOG_LEVEL, (message, from) -> setLogLevel(message), Policy.PARENT_AUTHORITY);
        router.core.addHandler(Handles.ENABLE_DEBUG, (message, from) -> writeDebugLog(), Policy.PARENT_AUTHORITY);
        this.parent.start(new Stream.Listener() {
            @Override
            public void onMessage(Stream stream, Message message) {
                router.core.onMessage(stream, message);
            }

            @Override
            public void onDisconnect(Stream stream, Throwable cause) {
                if (router.core.parentStream() == stream) {
                    parentLost();
                }
            }
        });
    }

    /**
     * SHUTDOWN: children first (each gets the grace period), then what is left of the logs, then
     * this JVM. Runs on the parent stream's reading thread: a child with no children of its own
     * says goodbye from there at once (a thread hand-off costs milliseconds on a loaded machine,
     * times every child of a fleet), and exits when that thread reads the parent's end of the
     * channel. Stopping children waits for answers that thread must read: on a thread of its own.
     */
    private void shutdown() {
        if (!this.stopping.compareAndSet(false, true)) {
            return;
        }
        log.debug("shutting down");
        this.runner.stop();
        // A detached context's parent (an attached program) may not close its end: it gets a second.
        if (this.router.hasNoChildren() && !this.detached) {
            sayGoodbye();
            return;
        }
        Thread thread = new Thread(() -> {
            long grace = this.router.broker.shutdownGrace().toMillis();
            try {
                this.router.stopChildren().get(grace + Timeouts.EXIT_MARGIN_MILLIS, TimeUnit.MILLISECONDS);
            }
            catch (Exception ex) {
                log.warn("children did not stop in time: {}", ex.toString());
            }
            sayGoodbye();
            try {
                this.router.core.parentStream().disconnected().get(Timeouts.GOODBYE_STEP_MILLIS, TimeUnit.MILLISECONDS);
            }
            catch (Exception ex) {
                // Exiting regardless.
            }
            Runtime.getRuntime().halt(0);
        }, "mitogen-shutdown");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * What is left of the output, then DISCONNECT and the end of our side of the channel. The
     * parent closes its end when it sees ours close; the reading thread then sees the end of
     * input and halts (no thread is left blocked in a read, which HotSpot's exit would otherwise
     * wait ~300 ms for). The parent that started it kills it if it has not exited within the
     * grace period.
     */
    private void sayGoodbye() {
        killDescendants();
        this.stdout.stop(Timeouts.GOODBYE_STEP_MILLIS);
        this.logs.flush();
        int myId = this.router.core.myId();
        // The parent it has now: after detach and attach, not the one that started it.
        Stream parent = this.router.core.parentStream();
        this.saidGoodbye = true;
        parent.send(new Message(this.router.core.parentIds()[0], myId, myId, Handles.DISCONNECT, 0, null));
        parent.close();
        try {
            parent.writerDone().get(Timeouts.LAST_FRAME_MILLIS, TimeUnit.MILLISECONDS);
            // An sshd reports the end of our output only once stderr has ended too.
            closeStderr();
        }
        catch (Exception ex) {
            // Exiting regardless.
        }
    }

    /**
     * Ends the transport's stderr (the JDK points fd 2 at {@code /dev/null}): OpenSSH's sshd sends
     * the end of a channel's output only when both stdout and stderr have ended, so without this
     * the parent would see our channel close only when this JVM has exited, a second later.
     */
    private static void closeStderr() {
        try {
            new java.io.FileOutputStream(java.io.FileDescriptor.err).close();
        }
        catch (java.io.IOException ex) {
            // Exiting regardless.
        }
    }

    /** The parent is gone: nobody is left to report to, so stop everything now (unless detached). */
    void parentLost() {
        if (this.saidGoodbye) {
            // The end of the channel we asked for (SHUTDOWN): everything is said and stopped.
            Runtime.getRuntime().halt(0);
        }
        if (this.detached) {
            log.info("the parent is gone; this context is detached and goes on");
            this.router.core.parentGone();
            this.router.calls.parentGone();
            return;
        }
        killDescendants();
        this.stdout.stop(0);
        Runtime.getRuntime().halt(0);
    }

    private void setLogLevel(Message message) {
        int level = this.router.codec.reader(message.payload, 0, message.payload.length).readInt();
        this.logs.setThreshold(level);
        JulConfig.setThreshold(level);
    }

    /** {@code router.enableDebug()}: {@code mitogen.<pid>.log} in the child's temporary directory. */
    private static void writeDebugLog() {
        String path = System.getProperty("java.io.tmpdir") + "/mitogen." + ProcessHandle.current().pid() + ".log";
        try {
            Log.writeDebugFile(path);
            log.info("debug log: {}", path);
        }
        catch (java.io.IOException ex) {
            log.warn("cannot write the debug log {}: {}", path, ex.toString());
        }
    }

    /** Grandchildren outlive their parent in every transport unless killed explicitly. */
    private static void killDescendants() {
        if (mayHaveChildren()) {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Whether any thread of this JVM has a child process, from {@code /proc/self/task/}*{@code
     * /children}: a few small reads, where {@code descendants()} reads every process's
     * {@code stat} on the machine (milliseconds, times every child of a fleet shutting down).
     * {@code true} when that cannot be known (no such files).
     */
    static boolean mayHaveChildren() {
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null || tasks.length == 0) {
            return true;
        }
        for (java.io.File task : tasks) {
            try (java.io.FileInputStream in = new java.io.FileInputStream(new java.io.File(task, "children"))) {
                if (in.read() != -1) {
                    return true;
                }
            }
            catch (java.io.FileNotFoundException ex) {
                if (task.exists()) {
                    return true; // a kernel without the file: cannot tell
                }
                // Else the thread ended meanwhile.
            }
            catch (java.io.IOException ex) {
                return true;
            }
        }
        return false;
    }

    private static int number(Map<?, ?> config, String key) {
        return ((Number) config.get(key)).intValue();
    }

    static Map<String, Object> describeSelf() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("pid", ProcessHandle.current().pid());
        info.put("javaVersion", System.getProperty("java.version"));
        info.put("user", System.getProperty("user.name"));
        info.put("host", Children.hostname());
        // Not ManagementFactory: it costs a child ~11 ms of start-up for one number.
        ProcessHandle.current().info().startInstant().ifPresent((start) -> info.put("startMillis", start.toEpochMilli()));
        return info;
    }
}
