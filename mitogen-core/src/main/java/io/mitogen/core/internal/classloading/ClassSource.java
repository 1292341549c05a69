package io.mitogen.core.internal.classloading;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a {@link ClassServer} finds what it serves: a master's class loaders, or a child's
 * {@link RemoteClassLoader} (what it was sent, asking further up for the rest).
 */
public interface ClassSource {

    /** The class {@code name}, asking upstream if need be; completes with {@code null} if there is none. */
    CompletableFuture<Item> fetch(String name);

    /** The class {@code name} if it is at hand without asking anyone (for preloading), else {@code null}. */
    Item peek(String name);

    /** Where {@link #peek} would find {@code name} (its code source root), cheaply; {@code null} if it would not. */
    String originOf(String name);

    /**
     * The manifest attributes for package {@code pkg} of classes from {@code origin}: specification
     * title, version and vendor, then implementation title, version and vendor (entries may be
     * {@code null}); {@code null} when there are none.
     */
    String[] packageInfo(String pkg, String origin);

    /** Every resource called {@code name} (one per code source), asking upstream if need be. */
    CompletableFuture<List<Item>> fetchResources(String name);
}
