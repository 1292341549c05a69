package io.mitogen.core.testing;

/**
 * Names a class that its tasks never touch unless asked to, so that class travels as a
 * preloaded extra with this one and stays undefined until {@link #load} asks for it.
 */
public final class PreloadTasks {

    private PreloadTasks() {
    }

    public static String ping() {
        return "pong";
    }

    /** Never called: it only puts {@link Unused} into this class's constant pool. */
    static Object unused() {
        return new Unused();
    }

    /** Loads and initialises a class by name through the child's loader. */
    public static String load(String name) throws ClassNotFoundException {
        return Class.forName(name, true, PreloadTasks.class.getClassLoader()).getName();
    }

    /** Sent along with {@link PreloadTasks}, defined only when something asks for it. */
    public static final class Unused {
    }
}
