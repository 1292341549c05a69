package io.mitogen.core.classloading;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A child's loader for everything that is not the JDK or mitogen's core: each class is asked
 * of the parent once ({@code GET_CLASS}). Answers, negative ones included, are remembered;
 * concurrent requests for one name share one request; what was received is kept so that this
 * child can serve its own children without asking upwards again.
 */
public final class RemoteClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(60);

    private final ClassLoader core;

    private final Function<String, CompletableFuture<byte[]>> upstream;

    private final Map<String, CompletableFuture<byte[]>> fetched = new ConcurrentHashMap<>();

    /**
     * @param core the loader of mitogen's core classes (the first stage)
     * @param upstream asks the parent for a class's bytes; completes with {@code null} if it has none
     */
    public RemoteClassLoader(ClassLoader core, Function<String, CompletableFuture<byte[]>> upstream) {
        super("mitogen-remote", ClassLoader.getPlatformClassLoader());
        this.core = core;
        this.upstream = upstream;
    }

    /** The bytes of {@code name}, asked of the parent at most once; shared by concurrent callers. */
    public CompletableFuture<byte[]> fetch(String name) {
        return this.fetched.computeIfAbsent(name, this.upstream);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null && name.startsWith("io.mitogen.core.")) {
                type = tryLoad(this.core, name);
            }
            if (type == null) {
                type = tryLoad(getParent(), name);
            }
            if (type == null) {
                type = findClass(name);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes;
        try {
            bytes = fetch(name).get(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ClassNotFoundException(name + ": interrupted while asking the parent", ex);
        }
        catch (Exception ex) {
            throw new ClassNotFoundException(name + ": the parent did not answer (" + ex + ")", ex);
        }
        if (bytes == null) {
            throw new ClassNotFoundException(name + " (the parent has no such class)");
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    private static Class<?> tryLoad(ClassLoader loader, String name) {
        try {
            return loader.loadClass(name);
        }
        catch (ClassNotFoundException ex) {
            return null;
        }
    }
}
