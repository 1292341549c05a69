package io.mitogen.core.internal.classloading;

import java.io.IOException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.constants.Handles;

/**
 * A child's loader for everything that is not the JDK or mitogen's core: classes and resources
 * are asked of the parent ({@code GET_CLASS}, {@code GET_RESOURCE}), at most once per name.
 *
 * <p>An answer to {@code GET_CLASS} also brings related classes the parent chose to send along
 * (preloading); they are only remembered, and defined when something asks for them, so
 * preloading changes how many round trips a first call costs, never what the program sees.
 * Answers, negative ones included, are final; concurrent requests for one name share one
 * request; and a name that arrived as an extra is never asked for. What was received is kept,
 * so this child serves its own children without asking upwards again ({@link ClassSource}).
 *
 * <p>Classes get a {@link ProtectionDomain} whose {@link CodeSource} names their origin in the
 * parent ({@code mitogen:jar:file:/app/lib/x.jar!/}): a URL that cannot be mistaken for a local
 * file and opens nothing. Packages carry the parent jar's manifest attributes, so
 * {@link Package#getImplementationVersion()} works. Resource URLs open the fetched bytes.
 */
public final class RemoteClassLoader extends ClassLoader implements ClassSource {

    static {
        registerAsParallelCapable();
    }

    private static final Log log = Log.get(RemoteClassLoader.class);

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(60);

    private final ClassLoader core;

    private final BiFunction<Integer, String, CompletableFuture<byte[]>> upstream;

    private final Codec codec;

    private final Map<String, CompletableFuture<Item>> classes = new ConcurrentHashMap<>();

    private final Map<String, CompletableFuture<List<Item>>> resources = new ConcurrentHashMap<>();

    private final Map<String, String[]> packages = new ConcurrentHashMap<>();

    private final Map<String, ProtectionDomain> domains = new ConcurrentHashMap<>();

    /**
     * @param core the loader of mitogen's core classes (the first stage)
     * @param upstream sends a request (handle, name) to the parent and completes with the answer's
     *        bytes ({@code null} for none)
     * @param codec decodes the answers
     */
    public RemoteClassLoader(ClassLoader core, BiFunction<Integer, String, CompletableFuture<byte[]>> upstream,
            Codec codec) {
        super("mitogen-remote", ClassLoader.getPlatformClassLoader());
        this.core = core;
        this.upstream = upstream;
        this.codec = codec;
    }

    @Override
    public CompletableFuture<Item> fetch(String name) {
        CompletableFuture<Item> known = this.classes.get(name);
        if (known != null) {
            return known;
        }
        CompletableFuture<Item> mine = new CompletableFuture<>();
        known = this.classes.putIfAbsent(name, mine);
        if (known != null) {
            return known;
        }
        // Sent outside any map operation: the answer may arrive (and be filed) on another thread at once.
        this.upstream.apply(Handles.GET_CLASS, name).whenComplete((payload, failure) -> {
            if (failure != null) {
                mine.completeExceptionally(failure);
                return;
            }
            try {
                mine.complete(file(name, ClassAnswer.decode(this.codec, payload)));
            }
            catch (RuntimeException ex) {
                log.warn("the parent's answer for class {} is unreadable: {}", name, ex.toString());
                mine.completeExceptionally(ex);
            }
        });
        return mine;
    }

    /**
     * {@code CLASS_OFFER}: the parent sent classes before a call needs them. Runs on the reading
     * thread: only the bundle's ClassAnswer and the JDK's inflater are touched.
     */
    public void offered(byte[] answer) {
        try {
            file(null, ClassAnswer.decode(this.codec, answer));
        }
        catch (RuntimeException ex) {
            log.warn("the parent's offer of classes is unreadable: {}", ex.toString());
        }
    }

    /** Files every class of an answer; returns the requested one, or {@code null} if it is not there. */
    private Item file(String requested, ClassAnswer answer) {
        for (Map.Entry<String, String[]> entry : answer.packages.entrySet()) {
            this.packages.putIfAbsent(entry.getKey(), entry.getValue());
        }
        Item found = null;
        for (Item item : answer.classes) {
            if (item.name.equals(requested)) {
                found = item;
                continue;
            }
            CompletableFuture<Item> known = this.classes.putIfAbsent(item.name, CompletableFuture.completedFuture(item));
            if (known != null) {
                known.complete(item); // a request for it is in flight: this answers it already
            }
        }
        return found;
    }

    @Override
    public Item peek(String name) {
        CompletableFuture<Item> known = this.classes.get(name);
        return (known != null && known.isDone() && !known.isCompletedExceptionally()) ? known.join() : null;
    }

    @Override
    public String originOf(String name) {
        Item item = peek(name);
        return (item != null) ? item.origin : null;
    }

    @Override
    public String[] packageInfo(String pkg, String origin) {
        return this.packages.get(pkg);
    }

    @Override
    public CompletableFuture<List<Item>> fetchResources(String name) {
        CompletableFuture<List<Item>> known = this.resources.get(name);
        if (known != null) {
            return known;
        }
        CompletableFuture<List<Item>> mine = new CompletableFuture<>();
        known = this.resources.putIfAbsent(name, mine);
        if (known != null) {
            return known;
        }
        this.upstream.apply(Handles.GET_RESOURCE, name).whenComplete((payload, failure) -> {
            if (failure != null) {
                mine.completeExceptionally(failure);
                return;
            }
            try {
                mine.complete(ClassAnswer.decodeResources(this.codec, name, payload));
            }
            catch (RuntimeException ex) {
                log.warn("the parent's answer for resource {} is unreadable: {}", name, ex.toString());
                mine.completeExceptionally(ex);
            }
        });
        return mine;
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

    /**
     * The bytes of a class the parent has, or {@code null}: how the first stage gets the core
     * classes left out of the bundle.
     */
    public byte[] bytesOf(String name) {
        try {
            Item item = fetch(name).get(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return (item != null) ? item.bytes : null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
        catch (Exception ex) {
            return null;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        Item item;
        try {
            item = fetch(name).get(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            // Only this wait ends: the request stays in flight and a later load joins it.
            Thread.currentThread().interrupt();
            throw new ClassNotFoundException(name + ": interrupted while asking the parent", ex);
        }
        catch (Exception ex) {
            throw new ClassNotFoundException(name + ": the parent did not answer (" + ex + ")", ex);
        }
        if (item == null) {
            throw new ClassNotFoundException(name + " (the parent has no such class)");
        }
        definePackageOf(name);
        return defineClass(name, item.bytes, 0, item.bytes.length, domainOf(item.origin));
    }

    private void definePackageOf(String className) {
        String pkg = Item.packageOf(className);
        if (pkg.isEmpty() || getDefinedPackage(pkg) != null) {
            return;
        }
        String[] a = this.packages.get(pkg);
        try {
            if (a != null) {
                definePackage(pkg, a[0], a[1], a[2], a[3], a[4], a[5], null);
            }
            else {
                definePackage(pkg, null, null, null, null, null, null, null);
            }
        }
        catch (IllegalArgumentException ex) {
            // Another thread defined it first.
        }
    }

    private ProtectionDomain domainOf(String origin) {
        return this.domains.computeIfAbsent(origin, (key) -> new ProtectionDomain(
                new CodeSource(MemoryUrls.location(key), (Certificate[]) null), null, this, null));
    }

    @Override
    protected URL findResource(String name) {
        List<Item> found = resourcesOrEmpty(name);
        return found.isEmpty() ? null : MemoryUrls.resource(found.get(0));
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (Item item : resourcesOrEmpty(name)) {
            urls.add(MemoryUrls.resource(item));
        }
        return Collections.enumeration(urls);
    }

    private List<Item> resourcesOrEmpty(String name) {
        try {
            return fetchResources(name).get(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Collections.emptyList();
        }
        catch (Exception ex) {
            log.debug("resource {}: the parent did not answer ({})", name, ex.toString());
            return Collections.emptyList();
        }
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
