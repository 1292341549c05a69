package io.mitogen.core.testing;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.mitogen.core.Context;

/** Tasks that look at resources, packages and code sources from inside a child. */
public final class ResourceTasks {

    private ResourceTasks() {
    }

    private static ClassLoader loader() {
        return Thread.currentThread().getContextClassLoader();
    }

    /** The resource's content as text, or {@code null} when the loader has none. */
    public static String text(String name) throws Exception {
        try (InputStream in = loader().getResourceAsStream(name)) {
            return (in == null) ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The URL {@code getResource} gives, as a string, or {@code null}. */
    public static String url(String name) {
        URL url = loader().getResource(name);
        return (url == null) ? null : url.toString();
    }

    /** Every URL {@code getResources} gives. */
    public static List<String> urls(String name) throws Exception {
        List<String> out = new ArrayList<>();
        for (URL url : Collections.list(loader().getResources(name))) {
            out.add(url.toString());
        }
        return out;
    }

    /** What each {@link Greeter} found by {@link ServiceLoader} says, in service file order. */
    public static List<String> greetings(String name) {
        List<String> out = new ArrayList<>();
        for (Greeter greeter : ServiceLoader.load(Greeter.class, loader())) {
            out.add(greeter.greet(name));
        }
        return out;
    }

    /** Where a class came from: its code source, package attributes and loader. */
    public static Map<String, String> origin(String className) throws Exception {
        Class<?> type = Class.forName(className, false, loader());
        CodeSource source = type.getProtectionDomain().getCodeSource();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("location", (source != null) ? String.valueOf(source.getLocation()) : null);
        Package pkg = type.getPackage();
        out.put("package", pkg.getName());
        out.put("implementationVersion", pkg.getImplementationVersion());
        out.put("specificationTitle", pkg.getSpecificationTitle());
        out.put("loader", String.valueOf(type.getClassLoader().getName()));
        try (InputStream in = source.getLocation().openStream()) {
            out.put("opened", "read " + in.read());
        }
        catch (Exception ex) {
            out.put("opened", ex.getClass().getSimpleName() + ": " + ex.getMessage());
        }
        return out;
    }

    /** Loads {@code className} from {@code threads} threads at once; returns the distinct classes seen. */
    public static int loadConcurrently(String className, int threads) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ClassLoader loader = loader();
        try {
            List<Future<Class<?>>> loads = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                loads.add(pool.submit(() -> {
                    start.await();
                    return Class.forName(className, false, loader);
                }));
            }
            java.util.Set<Class<?>> seen = new java.util.HashSet<>();
            for (Future<Class<?>> load : loads) {
                seen.add(load.get());
            }
            return seen.size();
        }
        finally {
            pool.shutdownNow();
        }
    }

    /** Runs in an intermediate context: what it served to {@code child}, by name. */
    public static Map<String, Long> servedTo(Context child) {
        return child.classLoading().toMap();
    }
}
