package io.mitogen.core.bootstrap;

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
    public static final String SLF4J_BRIDGE = "io.mitogen.core.logging.slf4j.";

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

    /**
     * Whether a core class travels with its bytes. The others are only named, and fetched from
     * the parent when a child first uses them (as the Python original imports mitogen.sudo):
     * the code of each connection method other than {@code local}, which only a context that
     * starts children that way ever runs, the options builders, the owner side of a channel, and
     * what only a master uses. (The first stage and the bridges are not in the bundle at all.)
     */
    static boolean belongsInBundle(String path) {
        if (isFirstStageOrBridge(path)) {
            return false;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        boolean methodCode = path.startsWith("io/mitogen/core/connection/")
                && (name.endsWith("Method.class") || name.startsWith("CommandMethods") || name.startsWith("Prompt")
                        || name.startsWith("Ssh"));
        // A channel is opened by its owner; a child only receives senders.
        boolean channelOwner = path.equals("io/mitogen/core/Channel.class") || path.startsWith("io/mitogen/core/Channel$")
                // So is a Select over channels (its events), and a future of an answer is used where calls are made.
                || path.startsWith("io/mitogen/core/Select$Event") || path.equals("io/mitogen/core/Receiver$Futures.class");
        // Options are built where contexts are started: a child rebuilds them only to start its own.
        boolean builder = path.startsWith("io/mitogen/core/") && name.endsWith("Options$Builder.class")
                || path.equals("io/mitogen/core/Broker$Builder.class");
        // File transfer: fetched by the first child that sends or receives a file.
        boolean files = path.startsWith("io/mitogen/core/files/") || isFileTransfer(name)
                && path.lastIndexOf('/') == "io/mitogen/core".length();
        return !methodCode && !channelOwner && !builder && !files && !MASTER_ONLY.contains(path) && !isSometimes(path)
                && !path.equals("io/mitogen/core/MethodWire.class");
    }

    /**
     * Not in the bundle at all: the first stage, and the code that a child's remote class loader
     * defines beside the library it uses (the SLF4J bridge; the ssh transport, with Apache MINA
     * SSHD, when a child opens an ssh connection itself).
     */
    private static boolean isFirstStageOrBridge(String path) {
        return path.equals("io/mitogen/core/bootstrap/Stage1.class") || path.startsWith(SLF4J_BRIDGE.replace('.', '/'))
                || path.startsWith("io/mitogen/core/connection/ssh/") || path.startsWith("io/mitogen/core/fakessh/");
    }

    /**
     * The file transfer API's classes in {@code io.mitogen.core}: FileTransfer, FanOutPush,
     * TransferOptions/Result/Listener and the FileTransferException subclasses (names, not a
     * list: the list's text cost bundle bytes).
     */
    private static boolean isFileTransfer(String name) {
        return name.startsWith("File") || name.startsWith("Transfer") || name.startsWith("FanOut")
                || name.startsWith("Target") || name.equals("DiskFullException.class")
                || name.equals("NotARegularFileException.class") || name.equals("SourceChangedException.class");
    }

    /** Classes only a master uses: serving its own class path, its SLF4J sink, forwarded logs, main-method helpers. */
    private static final java.util.Set<String> MASTER_ONLY = java.util.Set.of(
            "io/mitogen/core/classloading/LoaderSource.class", "io/mitogen/core/logging/Slf4jSink.class",
            "io/mitogen/core/Mitogen.class", "io/mitogen/core/Mitogen$WithRouter.class",
            "io/mitogen/core/Mitogen$FromRouter.class", "io/mitogen/core/ForwardedLogs.class");

    /**
     * Classes, with their nested classes, that only some children use: user code asking for its
     * context, calling other contexts or selecting over answers, a child starting children of its
     * own (ids), detaching, listening and attaching; and what only a master asks for (resource
     * policies, class-loading figures, call observers). None of them runs on a stream's reading
     * thread, which could not wait for the parent's answer. Each is fetched on first use.
     */
    private static final List<String> SOMETIMES = List.of("io/mitogen/core/ExecutionContext",
            "io/mitogen/core/IdAllocator", "io/mitogen/core/Detachment", "io/mitogen/core/UnixSockets",
            "io/mitogen/core/Attachment", "io/mitogen/core/AttachOptions", "io/mitogen/core/Select",
            "io/mitogen/core/ResourcePolicy", "io/mitogen/core/ClassLoadingStats", "io/mitogen/core/CallObserver",
            "io/mitogen/core/CallObservers", "io/mitogen/core/CallListener", "io/mitogen/core/HostKeyPolicy", "io/mitogen/core/Fn0",
            "io/mitogen/core/Fn1", "io/mitogen/core/Fn2", "io/mitogen/core/Fn3", "io/mitogen/core/Fn4",
            "io/mitogen/core/Fn5", "io/mitogen/core/Proc0", "io/mitogen/core/Proc1", "io/mitogen/core/Proc2",
            "io/mitogen/core/Proc3", "io/mitogen/core/Proc4", "io/mitogen/core/Proc5",
            "io/mitogen/core/SetnsOptions$Kind", "io/mitogen/core/SshOptions$Identity", "io/mitogen/core/FakeSsh",
            "io/mitogen/core/LinkTraffic",
            // Only when a child's own code shuts contexts down.
            "io/mitogen/core/Stopping", "io/mitogen/core/RelayedFailures", "io/mitogen/core/ConnectPool",
            // Only when something rare happens: a value too large, a send that timed out, a child
            // that failed to start.
            "io/mitogen/core/MessageTooLargeException", "io/mitogen/core/OversizeLogs",
            "io/mitogen/core/SendTimeoutException", "io/mitogen/core/connection/BootFailures",
            // Starting a child of its own: only a child that does so runs them, on the thread that
            // connects (never a stream's reading thread).
            "io/mitogen/core/connection/Handshake", "io/mitogen/core/connection/ProcessLink",
            "io/mitogen/core/connection/StderrCollector", "io/mitogen/core/connection/Methods",
            "io/mitogen/core/bootstrap/BootCommand",
            // The owner's side of flow control, like Channel itself.
            "io/mitogen/core/ChannelOptions", "io/mitogen/core/ChannelWindows",
            // Its constants are compiled into the classes that use them: nothing loads it.
            "io/mitogen/core/wire/Handles");

    private static boolean isSometimes(String path) {
        for (String prefix : SOMETIMES) {
            if (path.equals(prefix + ".class") || path.startsWith(prefix + "$")) {
                return true;
            }
        }
        return false;
    }

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
