package io.mitogen.core;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.mitogen.core.classloading.ClassServer;
import io.mitogen.core.classloading.RemoteClassLoader;
import io.mitogen.core.logging.Log;
import io.mitogen.core.router.MessageRouter.Policy;
import io.mitogen.core.router.Stream;
import io.mitogen.core.wire.Codec;
import io.mitogen.core.wire.Handles;
import io.mitogen.core.wire.Message;

/**
 * The child's side, once the bootstrap has the channel: a router whose parent is the channel,
 * a class loader that asks the parent, and the main thread running calls. Internal: started
 * by the bootstrap, not by applications.
 *
 * <p>The child lives exactly as long as its parent wants: a {@code SHUTDOWN} from the parent
 * chain stops its children and exits; the end of the channel (the parent died) kills
 * everything this child started and exits at once.
 */
public final class ChildRuntime {

    private static final Log log = Log.get(ChildRuntime.class);

    private final Router router;

    private final Stream parent;

    private final CallRunner runner;

    private final AtomicBoolean stopping = new AtomicBoolean();

    private ChildRuntime(Router router, Stream parent, CallRunner runner) {
        this.router = router;
        this.parent = parent;
        this.runner = runner;
    }

    /**
     * Runs the child until it is told to stop or loses its parent; never returns normally.
     *
     * @param in the channel from the parent, positioned after the CONFIG frame
     * @param out the channel to the parent
     * @param configPayload the CONFIG frame's payload
     */
    public static void run(DataInputStream in, OutputStream out, byte[] configPayload) throws InterruptedException {
        Map<?, ?> config = (Map<?, ?>) new Codec().decode(configPayload, 0, configPayload.length, Map.class);
        int id = ((Number) config.get("id")).intValue();
        List<?> parents = (List<?>) config.get("parentIds");
        int[] parentIds = new int[parents.size()];
        for (int i = 0; i < parentIds.length; i++) {
            parentIds[i] = ((Number) parents.get(i)).intValue();
        }
        int maxMessageSize = ((Number) config.get("maxMessageSize")).intValue();
        long graceMillis = ((Number) config.get("shutdownGraceMillis")).longValue();

        Log.setSink(new Log.StreamSink(System.err, Log.WARN));
        Stream parent = new Stream("parent", in, out, maxMessageSize);
        Broker broker = new Broker(java.time.Duration.ofMillis(graceMillis));
        // The loader asks through the router, and the router's class server serves from the loader.
        Router[] routerRef = new Router[1];
        RemoteClassLoader loader = new RemoteClassLoader(ChildRuntime.class.getClassLoader(),
                (handle, name) -> routerRef[0].fetchUpstream(handle, name), new Codec());
        ClassServer classServer = ClassServer.relaying(loader);
        Object budget = config.get("preloadBudget");
        if (budget instanceof Number) {
            classServer.preloadBudget(((Number) budget).intValue());
        }
        Router router = new Router(broker, id, parentIds, parent, classServer);
        routerRef[0] = router;
        CallRunner runner = new CallRunner(router, loader);
        ChildRuntime child = new ChildRuntime(router, parent, runner);

        router.core.addHandler(Handles.CALL_FUNCTION, (message, from) -> runner.enqueue(message), Policy.PARENT_AUTHORITY);
        router.core.addHandler(Handles.SHUTDOWN, (message, from) -> child.shutdown(), Policy.PARENT_AUTHORITY);
        parent.start(new Stream.Listener() {
            @Override
            public void onMessage(Stream stream, Message message) {
                router.core.onMessage(stream, message);
            }

            @Override
            public void onDisconnect(Stream stream, Throwable cause) {
                child.parentLost();
            }
        });
        parent.send(new Message(parentIds[0], id, id, Handles.READY, 0, router.codec.encode(describeSelf())));
        runner.runUntilStopped();
        Thread.currentThread().join();
    }

    /** SHUTDOWN: children first (each gets the grace period), then this JVM. */
    private void shutdown() {
        if (!this.stopping.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            this.runner.stop();
            long grace = this.router.broker.shutdownGrace().toMillis();
            try {
                this.router.stopChildren().get(grace + 5_000, TimeUnit.MILLISECONDS);
            }
            catch (Exception ex) {
                log.warn("children did not stop in time: {}", ex.toString());
            }
            killDescendants();
            this.parent.close();
            try {
                this.parent.writerDone().get(2, TimeUnit.SECONDS);
            }
            catch (Exception ex) {
                // Exiting regardless.
            }
            Runtime.getRuntime().halt(0);
        }, "mitogen-shutdown");
        thread.setDaemon(true);
        thread.start();
    }

    /** The parent is gone: nobody is left to report to, so stop everything now. */
    private void parentLost() {
        killDescendants();
        Runtime.getRuntime().halt(0);
    }

    /** Grandchildren outlive their parent in every transport unless killed explicitly. */
    private static void killDescendants() {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static Map<String, Object> describeSelf() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("pid", ProcessHandle.current().pid());
        info.put("javaVersion", System.getProperty("java.version"));
        info.put("user", System.getProperty("user.name"));
        info.put("host", Children.hostname());
        info.put("startMillis", ManagementFactory.getRuntimeMXBean().getStartTime());
        return info;
    }
}
