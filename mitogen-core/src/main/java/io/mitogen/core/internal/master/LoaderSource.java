package io.mitogen.core.internal.master;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import io.mitogen.core.internal.bootstrap.CoreBundle;
import io.mitogen.core.internal.classloading.ClassSource;
import io.mitogen.core.internal.classloading.Item;
import io.mitogen.core.internal.logging.Log;

/**
 * A master's classes and resources: read through its class loaders, never from the file system
 * directly, so whatever a loader can load is what children get, wherever the loader reads it
 * from: class directories and jars of a Maven class path, the nested jars of a Spring Boot
 * executable jar ({@code jar:nested:} URLs), or the in-memory classes of a single-file program
 * run with {@code java Program.java} (whose loader hands out {@code sourcelauncher-...:} URLs
 * over the compiled bytes, on Java 17 as on 25).
 *
 * <p>Things outside the application's code sources are not served: the JDK's own classes and
 * resources ({@code jrt:}; a child has its own runtime), and files reached through a symbolic
 * link that leaves a class directory.
 */
public final class LoaderSource implements ClassSource {

    private static final Log log = Log.get(LoaderSource.class);

    private static final String CORE_INDEX = "META-INF/mitogen/core-classes.txt";

    private static final String[] ATTRIBUTES = { "Specification-Title", "Specification-Version",
        "Specification-Vendor", "Implementation-Title", "Implementation-Version", "Implementation-Vendor" };

    private final List<ClassLoader> loaders = new CopyOnWriteArrayList<>();

    /** Manifest per code source root, empty when it has none; read once. */
    private final Map<String, Optional<Manifest>> manifests = new ConcurrentHashMap<>();

    /** Code source root per class name, {@code ""} for none: preloading asks often about the same names. */
    private final Map<String, String> origins = new ConcurrentHashMap<>();

    /** mitogen-core's own classes: every child has them from its bootstrap, so never preloaded. */
    private volatile Set<String> coreClasses;

    public LoaderSource(ClassLoader loader) {
        this.loaders.add((loader != null) ? loader : ClassLoader.getSystemClassLoader());
    }

    /** Adds a loader to search first (the loader of a called method's class). */
    public void remember(ClassLoader loader) {
        if (loader != null && !this.loaders.contains(loader)) {
            this.loaders.add(0, loader);
            this.origins.clear(); // names it has may have been looked up in vain
        }
    }

    @Override
    public CompletableFuture<Item> fetch(String name) {
        return CompletableFuture.completedFuture(read(name));
    }

    @Override
    public Item peek(String name) {
        return coreClasses().contains(name) ? null : read(name);
    }

    @Override
    public String originOf(String name) {
        String origin = this.origins.get(name);
        if (origin == null) {
            URL url = coreClasses().contains(name) ? null : find(name);
            origin = (url != null) ? rootOf(url, pathOf(name)) : "";
            this.origins.put(name, origin);
        }
        return origin.isEmpty() ? null : origin;
    }

    private Item read(String name) {
        URL url = find(name);
        byte[] bytes = (url != null) ? readAll(url) : null;
        return (bytes != null) ? new Item(name, bytes, rootOf(url, pathOf(name))) : null;
    }

    /** Where the first loader that has the class file finds it; {@code null} for none or the JDK's. */
    private URL find(String name) {
        if (name.startsWith("java.")) {
            return null;
        }
        String path = pathOf(name);
        for (ClassLoader loader : this.loaders) {
            URL url = loader.getResource(path);
            if (url != null) {
                return isJdk(url) ? null : url;
            }
        }
        return null;
    }

    private static String pathOf(String className) {
        return className.replace('.', '/') + ".class";
    }

    @Override
    public String[] packageInfo(String pkg, String origin) {
        Manifest manifest = this.manifests.computeIfAbsent(origin, this::readManifest).orElse(null);
        if (manifest == null) {
            return null;
        }
        Attributes section = manifest.getAttributes(pkg.replace('.', '/') + "/");
        Attributes main = manifest.getMainAttributes();
        String[] values = new String[ATTRIBUTES.length];
        boolean any = false;
        for (int i = 0; i < ATTRIBUTES.length; i++) {
            String value = (section != null) ? section.getValue(ATTRIBUTES[i]) : null;
            values[i] = (value != null) ? value : main.getValue(ATTRIBUTES[i]);
            any |= values[i] != null;
        }
        return any ? values : null;
    }

    @Override
    public CompletableFuture<List<Item>> fetchResources(String name) {
        Map<String, Item> found = new LinkedHashMap<>();
        for (ClassLoader loader : this.loaders) {
            Enumeration<URL> urls;
            try {
                urls = loader.getResources(name);
            }
            catch (IOException ex) {
                log.debug("cannot list resource {} in {}: {}", name, loader, ex.toString());
                continue;
            }
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                String where = url.toString();
                if (found.containsKey(where) || isJdk(url) || escapesItsRoot(url, name)) {
                    continue;
                }
                byte[] bytes = readAll(url);
                if (bytes != null) {
                    found.put(where, new Item(name, bytes, where));
                }
            }
        }
        return CompletableFuture.completedFuture(Collections.unmodifiableList(new ArrayList<>(found.values())));
    }

    /** The code source root a loader found {@code path} under: its URL minus the path. */
    static String rootOf(URL url, String path) {
        String text = url.toString();
        return text.endsWith(path) ? text.substring(0, text.length() - path.length()) : text;
    }

    private static boolean isJdk(URL url) {
        return "jrt".equals(url.getProtocol());
    }

    /**
     * A {@code file:} resource must really lie inside its class directory: a symbolic link in
     * there could otherwise hand out any file the parent can read.
     */
    private static boolean escapesItsRoot(URL url, String name) {
        if (!"file".equals(url.getProtocol())) {
            return false;
        }
        try {
            // The class directory is as many levels up as the name has segments (URL escaping aside).
            Path file = Paths.get(url.toURI());
            Path root = file;
            for (int i = name.replaceAll("/+$", "").split("/").length; i > 0 && root != null; i--) {
                root = root.getParent();
            }
            if (root == null) {
                throw new IOException("no class directory above " + file);
            }
            root = root.toRealPath();
            file = file.toRealPath();
            if (file.startsWith(root)) {
                return false;
            }
            log.warn("not serving resource {}: it leaves its class directory {} (a symbolic link?)", name, root);
            return true;
        }
        catch (IOException | RuntimeException | URISyntaxException ex) {
            log.warn("not serving resource {}: cannot tell where {} really is ({})", name, url, ex.toString());
            return true;
        }
    }

    private static byte[] readAll(URL url) {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
        catch (IOException ex) {
            log.debug("cannot read {}: {}", url, ex.toString());
            return null;
        }
    }

    /** Found through the loaders' own view of the manifests, so any URL scheme they use works. */
    private Optional<Manifest> readManifest(String root) {
        String wanted = root + "META-INF/MANIFEST.MF";
        for (ClassLoader loader : this.loaders) {
            try {
                Enumeration<URL> urls = loader.getResources("META-INF/MANIFEST.MF");
                while (urls.hasMoreElements()) {
                    URL url = urls.nextElement();
                    if (url.toString().equals(wanted)) {
                        try (InputStream in = url.openStream()) {
                            return Optional.of(new Manifest(in));
                        }
                    }
                }
            }
            catch (IOException ex) {
                log.debug("cannot read the manifest of {}: {}", root, ex.toString());
            }
        }
        return Optional.empty();
    }

    /**
     * Core classes that no child has from its bootstrap: a child's remote class loader fetches
     * them like application code (CoreBundle's "not in the bundle at all": FakeSsh's parts, the
     * ssh transport, the SLF4J bridge), so they may travel with a related class, saving a cold
     * child a round trip each.
     */
    private static boolean remoteLoaded(String path) {
        return path.startsWith("io/mitogen/core/internal/fakessh/") || path.startsWith("io/mitogen/core/internal/transport/ssh/")
                || path.startsWith(CoreBundle.SLF4J_BRIDGE.replace('.', '/'));
    }

    private Set<String> coreClasses() {
        Set<String> names = this.coreClasses;
        if (names == null) {
            names = new HashSet<>();
            try (InputStream in = LoaderSource.class.getClassLoader().getResourceAsStream(CORE_INDEX)) {
                if (in != null) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                        String name = line.trim();
                        if (name.endsWith(".class") && !remoteLoaded(name)) {
                            names.add(name.substring(0, name.length() - 6).replace('/', '.'));
                        }
                    }
                }
            }
            catch (IOException ex) {
                log.debug("cannot read {}: {}", CORE_INDEX, ex.toString());
            }
            this.coreClasses = names;
        }
        return names;
    }
}
