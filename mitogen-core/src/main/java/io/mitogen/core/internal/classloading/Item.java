package io.mitogen.core.internal.classloading;

/**
 * One class file or resource as it travels: its name (a binary class name, or a resource path),
 * its bytes, and its origin in the parent: for a class, the root of its code source (e.g.
 * {@code jar:file:/app/lib/x.jar!/}); for a resource, its full URL there. Origins are only ever
 * shown and compared, never opened by a child.
 */
public final class Item {

    final String name;

    final byte[] bytes;

    final String origin;

    public Item(String name, byte[] bytes, String origin) {
        this.name = name;
        this.bytes = bytes;
        this.origin = origin;
    }

    /** The package of a class name, {@code ""} for the unnamed package. */
    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return (dot < 0) ? "" : className.substring(0, dot);
    }
}
