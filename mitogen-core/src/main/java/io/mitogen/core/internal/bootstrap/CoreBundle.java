package io.mitogen.core.internal.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.Deflater;

/**
 * The core classes a child needs, as one deflated blob streamed over stdin after the first
 * stage starts: {@code int compressedLength, int rawLength, deflate([count, (name, length,
 * bytes)*])}. Built once per JVM from the class index written at build time; a child keeps the
 * bundle it received, to start its own children without asking upwards.
 */
public final class CoreBundle {

    static final String INDEX = "META-INF/mitogen/core-classes.txt";

    /** The package of the SLF4J bridge, which a child loads beside SLF4J, not in the core. */
    public static final String SLF4J_BRIDGE = "io.mitogen.core.internal.logging.slf4j.";

    private static volatile CoreBundle current;

    private final byte[] compressed;

    private final int rawLength;

    private CoreBundle(byte[] compressed, int rawLength) {
        this.compressed = compressed;
        this.rawLength = rawLength;
    }

    /** This JVM's bundle: the one received from a parent, or one built from the class path. */
    public static CoreBundle get() {
        CoreBundle bundle = current;
        if (bundle == null) {
            synchronized (CoreBundle.class) {
                bundle = current;
                if (bundle == null) {
                    bundle = build();
                    current = bundle;
                }
            }
        }
        return bundle;
    }

    /** In a child: remembers the bundle it was started with. */
    static void useReceived(byte[] compressed, int rawLength) {
        current = new CoreBundle(compressed, rawLength);
    }

    /** Writes the bundle as the first stage reads it. */
    public void writeTo(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(this.compressed.length);
        data.writeInt(this.rawLength);
        data.write(this.compressed);
    }

    /** Bytes on the wire, header included. */
    public int size() {
        return 8 + this.compressed.length;
    }

    private static CoreBundle build() {
        ClassLoader loader = CoreBundle.class.getClassLoader();
        List<String> paths = classPaths(loader);
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream(512 * 1024);
            DataOutputStream data = new DataOutputStream(raw);
            int count = 0;
            ByteArrayOutputStream entries = new ByteArrayOutputStream(512 * 1024);
            DataOutputStream entryData = new DataOutputStream(entries);
            for (String path : paths) {
                if (isFirstStageOrBridge(path)) {
                    continue;
                }
                // A class left out travels as its name alone: the first stage asks the parent
                // for exactly these names, and treats every other name as not part of the core.
                byte[] bytes = belongsInBundle(path) ? read(loader, path) : new byte[0];
                entryData.writeUTF(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
                entryData.writeInt(bytes.length);
                entryData.write(bytes);
                count++;
            }
            data.writeInt(count);
            entries.writeTo(data);
            byte[] plain = raw.toByteArray();
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
            deflater.setInput(plain);
            deflater.finish();
            ByteArrayOutputStream packed = new ByteArrayOutputStream(plain.length / 3);
            byte[] chunk = new byte[64 * 1024];
            while (!deflater.finished()) {
                packed.write(chunk, 0, deflater.deflate(chunk));
            }
            deflater.end();
            return new CoreBundle(packed.toByteArray(), plain.length);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot build the core bundle", ex);
        }
    }

    /** Where the runtime lives; each of its packages says below whether and how it travels. */
    static final String INTERNAL = "io/mitogen/core/internal/";

    /**
     * Packages never in the bundle, not even by name: the first stage rides on the command line,
     * and the bridges are defined by a child's remote class loader beside the library they use
     * (SLF4J; Apache MINA SSHD for the ssh transport and the fake ssh).
     */
    static final List<String> NOT_IN_BUNDLE = List.of(INTERNAL + "firststage/", INTERNAL + "logging/slf4j/",
            INTERNAL + "transport/ssh/", INTERNAL + "fakessh/");

    /**
     * Packages named in the bundle but fetched from the parent on first use (as the Python original
     * imports mitogen.sudo): connection methods other than {@code local}, file transfer, what only a
     * master runs, and the constants (handles, timeouts), which javac copies into the classes that
     * use them, so that nothing loads them.
     */
    static final List<String> ON_DEMAND = List.of(INTERNAL + "transport/", INTERNAL + "files/", INTERNAL + "master/",
            INTERNAL + "constants/");

    /** Packages that travel whole: what every child runs from its first message on. */
    static final List<String> IN_BUNDLE = List.of(INTERNAL + "wire/", INTERNAL + "router/", INTERNAL + "classloading/",
            INTERNAL + "logging/", INTERNAL + "bootstrap/", INTERNAL + "connection/");

    /** The API's own package, {@code io.mitogen.core} (without sub-packages). */
    static final String API = "io/mitogen/core/";

    /**
     * Whether a core class travels with its bytes. The others are only named, and fetched from
     * the parent when a child first uses them. Inside {@link #INTERNAL} the package decides; in
     * the API package, the types in {@link #API_ON_DEMAND} and every options builder wait for
     * first use. A class in a package this method does not know is a build mistake: it fails.
     */
    static boolean belongsInBundle(String path) {
        if (isFirstStageOrBridge(path) || startsWithAny(path, ON_DEMAND) || path.endsWith("/package-info.class")) {
            return false;
        }
        if (startsWithAny(path, IN_BUNDLE)) {
            return true;
        }
        String name = path.substring(path.lastIndexOf('/') + 1, path.length() - ".class".length());
        if (path.equals(API + name + ".class")) {
            int nested = name.indexOf('$');
            String outer = (nested < 0) ? name : name.substring(0, nested);
            // Options are built where contexts are started: a child rebuilds them only to start its own.
            return !name.endsWith("$Builder") && !API_ON_DEMAND.contains(outer) && !API_ON_DEMAND.contains(name);
        }
        throw new IllegalStateException("core class " + path + " is in no package that CoreBundle knows:"
                + " put it in one of " + IN_BUNDLE + ON_DEMAND + NOT_IN_BUNDLE + " or the API package " + API);
    }

    /** Not in the bundle at all, not even by name: see {@link #NOT_IN_BUNDLE}. */
    static boolean isFirstStageOrBridge(String path) {
        return startsWithAny(path, NOT_IN_BUNDLE);
    }

    private static boolean startsWithAny(String path, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Types of the API package (with their nested types), and a few nested types named alone,
     * that a child fetches on first use: user code asking for its context, calling other contexts
     * or selecting over answers, opening channels (a channel is opened by its owner; a child only
     * receives senders), a child starting, detaching, listening, attaching or stopping contexts of
     * its own, file transfer, what only a master asks for (resource policies, figures, call
     * observers, main-method helpers, forwarded logs), and what runs only when something rare
     * happens. None of them runs on a stream's reading thread, which could not wait for the
     * parent's answer. These are public names, so a rename is a visible API change, and
     * {@code CoreBundleTests} fails on a name that no longer exists. The package-private runtime
     * classes still listed here are moving under {@link #INTERNAL}.
     */
    static final java.util.Set<String> API_ON_DEMAND = java.util.Set.of(
            // calls, selection and channels from user code
            "ExecutionContext", "Select", "Fn0", "Fn1", "Fn2", "Fn3", "Fn4", "Fn5", "Proc0", "Proc1", "Proc2",
            "Proc3", "Proc4", "Proc5", "Channel", "ChannelOptions", "ChannelWindows", "Receiver$Futures",
            // a child of the child: ids, detaching, attaching, stopping
            "IdAllocator", "Detachment", "UnixSockets", "Attachment", "AttachOptions", "Stopping", "RelayedFailures",
            "ConnectPool", "MethodWire", "SetnsOptions$Kind", "SshOptions$Identity", "HostKeyPolicy", "FakeSsh",
            // what a master asks for
            "ResourcePolicy", "ClassLoadingStats", "CallObserver", "CallObservers", "CallListener", "LinkTraffic",
            "Mitogen", "ForwardedLogs",
            // rare events
            "MessageTooLargeException", "OversizeLogs", "SendTimeoutException",
            // file transfer
            "FileTransfer", "FanOutPush", "TransferOptions", "TransferResult", "TransferListener",
            "FileTransferException", "FileAccessDeniedException", "FileRefusedException", "DiskFullException",
            "NotARegularFileException", "SourceChangedException", "TargetDirectoryMissingException",
            "TargetExistsException", "TransferInterruptedException");

    /** The index written by the build; without it (an IDE build), a walk of the classes directory. */
    private static List<String> classPaths(ClassLoader loader) {
        try (InputStream index = loader.getResourceAsStream(INDEX)) {
            if (index != null) {
                String text = new String(index.readAllBytes(), StandardCharsets.UTF_8);
                List<String> paths = new ArrayList<>();
                for (String line : text.split("\\R")) {
                    if (line.endsWith(".class")) {
                        paths.add(line.trim());
                    }
                }
                return paths;
            }
            URL self = CoreBundle.class.getProtectionDomain().getCodeSource().getLocation();
            Path root = Paths.get(self.toURI());
            try (java.util.stream.Stream<Path> walk = Files.walk(root.resolve("io/mitogen/core"))) {
                return walk.filter((p) -> p.toString().endsWith(".class"))
                        .map((p) -> root.relativize(p).toString().replace('\\', '/'))
                        .sorted()
                        .collect(Collectors.toList());
            }
        }
        catch (IOException | URISyntaxException | RuntimeException ex) {
            throw new IllegalStateException("cannot find mitogen-core's classes to send to children: " + INDEX
                    + " is missing and the classes are not in a directory (" + ex + ")", ex);
        }
    }

    private static byte[] read(ClassLoader loader, String path) throws IOException {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("core class " + path + " is listed in " + INDEX + " but missing");
            }
            return in.readAllBytes();
        }
    }
}
