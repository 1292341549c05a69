package io.mitogen.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run {@link Router#connectAsync(ConnectionOptions)}: at most
 * {@link #size()} connects at once (each blocks a thread while its transport logs in and the
 * child boots), the rest queued in order. Its threads are daemons that end after a few idle
 * seconds, so a router that connected a fleet keeps no thread for it afterwards. Made on first
 * use; a child fetches this class only when its code connects asynchronously.
 */
final class ConnectPool {

    /** Upstream Mitogen's default for its pool ({@code MITOGEN_POOL_SIZE}). */
    static final int DEFAULT_SIZE = 32;

    private final Router router;

    private final ThreadPoolExecutor executor;

    ConnectPool(Router router) {
        this.router = router;
        AtomicInteger count = new AtomicInteger();
        int size = defaultSize();
        this.executor = new ThreadPoolExecutor(size, size, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), (task) -> {
            Thread thread = new Thread(task, "mitogen-connect-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.executor.allowCoreThreadTimeOut(true);
    }

    /**
     * {@code -Dmitogen.connectPoolSize=N}, else the environment's {@code MITOGEN_POOL_SIZE} (as
     * upstream reads it), else {@value #DEFAULT_SIZE}.
     */
    static int defaultSize() {
        String value = System.getProperty("mitogen.connectPoolSize");
        if (value == null) {
            value = System.getenv("MITOGEN_POOL_SIZE");
        }
        if (value != null) {
            try {
                int size = Integer.parseInt(value.trim());
                if (size > 0) {
                    return size;
                }
            }
            catch (NumberFormatException ex) {
                // Fall through to the default, said in the log below.
            }
            io.mitogen.core.internal.logging.Log.get(ConnectPool.class).warn("ignoring connect pool size '{}': not a positive"
                    + " whole number (set mitogen.connectPoolSize or MITOGEN_POOL_SIZE to one); using {}", value,
                    DEFAULT_SIZE);
        }
        return DEFAULT_SIZE;
    }

    int size() {
        return this.executor.getMaximumPoolSize();
    }

    void resize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("the connect pool size must be at least 1, not " + size);
        }
        // Growing raises the maximum first, shrinking lowers the core first: never core > max.
        if (size > this.executor.getMaximumPoolSize()) {
            this.executor.setMaximumPoolSize(size);
            this.executor.setCorePoolSize(size);
        }
        else {
            this.executor.setCorePoolSize(size);
            this.executor.setMaximumPoolSize(size);
        }
    }

    CompletableFuture<Context> submit(ConnectionOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("'options' must not be null");
        }
        CompletableFuture<Context> future = new CompletableFuture<>();
        this.executor.execute(() -> {
            if (future.isDone()) {
                return; // cancelled while queued
            }
            Context context;
            try {
                context = this.router.connect(options);
            }
            catch (Throwable ex) {
                future.completeExceptionally(ex);
                return;
            }
            if (!future.complete(context)) {
                // Cancelled while connecting: nobody holds this context, so it must not live on.
                context.shutdown();
            }
        });
        return future;
    }
}
