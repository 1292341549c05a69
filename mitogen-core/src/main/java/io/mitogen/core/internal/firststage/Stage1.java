package io.mitogen.core.internal.firststage;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.function.Function;
import java.util.zip.Inflater;

/**
 * The first stage: the only class that rides on the boot command line (inside a tiny jar).
 * It finds the channel on fds 3 and 4, writes the ready marker, reads exactly the core bundle
 * from the channel (never to end of input: the channel stays open), and becomes the class
 * loader of the core, defining each class from memory only when it is first used.
 *
 * <p>Kept to one class with no lambdas or inner classes: every byte here is on the command
 * line.
 */
public final class Stage1 extends ClassLoader {

    /** What the parent waits for before it trusts the channel. */
    static final byte[] MARKER = { 'M', 'I', 'T', 'O', 'G', 'E', 'N', '1' };

    /**
     * Set by the runtime once it can ask the parent: the bytes of a core class left out of the
     * bundle (the code of connection methods this child may never use), defined here like the
     * rest of the core so that package access between core classes holds.
     */
    public static volatile Function<String, byte[]> missing;

    static {
        // Per-name locks: a thread waiting for a class from the parent must not stop the
        // reader thread, which delivers the answer, from loading the classes it needs.
        registerAsParallelCapable();
    }

    private final HashMap<String, byte[]> classes;

    private Stage1(HashMap<String, byte[]> classes) {
        super(Stage1.class.getClassLoader());
        this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes;
        synchronized (this.classes) {
            bytes = this.classes.remove(name);
        }
        if (bytes != null && bytes.length == 0) {
            // Left out of the bundle on purpose: the parent has it.
            Function<String, byte[]> fetch = missing;
            bytes = (fetch != null) ? fetch.apply(name) : null;
            if (bytes == null) {
                // Not fetched now (no parent yet, or a failed request): a later load tries again
                // here, instead of another loader defining it apart from the rest of the core.
                synchronized (this.classes) {
                    this.classes.put(name, new byte[0]);
                }
            }
        }
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    /**
     * Runs in the child. {@code args[0]} is the name shown in {@code ps}. The shell moved the
     * channel to fds 3 (in) and 4 (out) and pointed 0 and 1 away from it, so stray output from
     * the JVM, user code or its subprocesses can never corrupt it.
     */
    public static void main(String[] args) throws Throwable {
        Field fd = FileDescriptor.class.getDeclaredField("fd");
        fd.setAccessible(true);
        FileDescriptor inFd = new FileDescriptor();
        fd.setInt(inFd, 3);
        FileDescriptor outFd = new FileDescriptor();
        fd.setInt(outFd, 4);
        FileInputStream in = new FileInputStream(inFd);
        FileOutputStream out = new FileOutputStream(outFd);
        out.write(MARKER);

        DataInputStream data = new DataInputStream(in);
        int compressedLength = data.readInt();
        int rawLength = data.readInt();
        byte[] compressed = new byte[compressedLength];
        data.readFully(compressed);
        byte[] raw = new byte[rawLength];
        Inflater inflater = new Inflater();
        inflater.setInput(compressed);
        int done = 0;
        while (done < rawLength) {
            int n = inflater.inflate(raw, done, rawLength - done);
            if (n == 0 && (inflater.finished() || inflater.needsInput())) {
                throw new IllegalStateException("core bundle is truncated");
            }
            done += n;
        }
        inflater.end();

        DataInputStream bundle = new DataInputStream(new ByteArrayInputStream(raw));
        int count = bundle.readInt();
        HashMap<String, byte[]> classes = new HashMap<String, byte[]>(count * 2);
        for (int i = 0; i < count; i++) {
            String name = bundle.readUTF();
            byte[] bytes = new byte[bundle.readInt()];
            bundle.readFully(bytes);
            classes.put(name, bytes);
        }
        Class<?> main = new Stage1(classes).loadClass("io.mitogen.core.internal.bootstrap.ChildMain");
        main.getMethod("main", InputStream.class, OutputStream.class, byte[].class, int.class, String[].class)
                .invoke(null, in, out, compressed, Integer.valueOf(rawLength), args);
    }
}
