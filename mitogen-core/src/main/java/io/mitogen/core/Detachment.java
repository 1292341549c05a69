package io.mitogen.core;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.constants.Timeouts;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * A child's side of {@code detach()} and {@code listen(Path)}. Not in the core bundle: fetched
 * when a child first detaches.
 */
final class Detachment {

    private static final Log log = Log.get(Detachment.class);


    private Detachment() {
    }

    /** Tells the parent, leaves the session if it can, and sends logs to {@code logFile} (or drops them). */
    static void detach(ChildRuntime runtime, Router router, Path logFile) {
        synchronized (runtime) {
            if (runtime.detached) {
                return;
            }
            if (logFile != null) {
                try {
                    PrintStream out = new PrintStream(new FileOutputStream(logFile.toFile(), true), true, "UTF-8");
                    runtime.detachedLogs = (batch) -> writeRecords(out, batch);
                }
                catch (IOException ex) {
                    throw new MitogenException("cannot detach: cannot write the log file " + logFile + ": " + ex, ex);
                }
            }
            Receiver<Object> answer = router.calls.newReceiver(router.contextFor(router.core.parentIds()[0], "parent"),
                    Object.class, "detach");
            router.core.sendTo(router.core.parentIds()[0], Handles.DETACHING, answer.handle(), null);
            // From here on, losing the parent does not end this context, even if it is lost now.
            runtime.detached = true;
            try {
                answer.get(Duration.ofMillis(Timeouts.DETACH_ACK_MILLIS));
            }
            catch (ContextDisconnectedException ex) {
                log.info("the parent went while this context detached");
            }
            log.info("detached ({})", leaveSession());
        }
    }

    private static void writeRecords(PrintStream out, List<List<Object>> batch) {
        for (List<Object> record : batch) {
            // context, logger, level, message, thread, millis, thrown
            Object level = record.get(2);
            String[] names = { "OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE" };
            String name = (level instanceof Integer && (Integer) level > 0 && (Integer) level <= Log.TRACE)
                    ? names[(Integer) level] : String.valueOf(level);
            out.println(java.time.Instant.ofEpochMilli(((Number) record.get(5)).longValue()) + " " + name + " ["
                    + record.get(4) + "] " + record.get(1) + " - " + record.get(3));
            if (record.get(6) != null) {
                out.println(String.valueOf(record.get(6)));
            }
        }
    }

    /**
     * {@code setsid()}, so that signals to the parent's session or process group (a terminal's
     * Ctrl-C, a job control kill) miss this context. Java has no API for it: on Java 22 and later
     * the foreign function API calls it (looked up by reflection: the core is built for Java 11);
     * on older runtimes this context stays in the parent's session and says so.
     */
    static String leaveSession() {
        try {
            Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            Object linker = linkerType.getMethod("nativeLinker").invoke(null);
            Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
            Object found = Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class)
                    .invoke(lookup, "setsid");
            Object symbol = ((java.util.Optional<?>) found).orElseThrow();
            Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> valueLayouts = Class.forName("java.lang.foreign.ValueLayout");
            Object intLayout = valueLayouts.getField("JAVA_INT").get(null);
            Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
            Object descriptor = descriptorType.getMethod("of", layoutType, java.lang.reflect.Array.newInstance(layoutType, 0).getClass())
                    .invoke(null, intLayout, java.lang.reflect.Array.newInstance(layoutType, 0));
            Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
            java.lang.invoke.MethodHandle setsid = (java.lang.invoke.MethodHandle) linkerType
                    .getMethod("downcallHandle", Class.forName("java.lang.foreign.MemorySegment"), descriptorType,
                            java.lang.reflect.Array.newInstance(optionType, 0).getClass())
                    .invoke(linker, symbol, descriptor, java.lang.reflect.Array.newInstance(optionType, 0));
            int session = (int) setsid.invoke();
            return (session > 0) ? "in a session of its own, " + session : "setsid() failed; still in the parent's session";
        }
        catch (ClassNotFoundException ex) {
            return "Java " + System.getProperty("java.version") + " cannot call setsid(): still in the parent's session";
        }
        catch (Throwable ex) {
            return "setsid() not called (" + ex + "): still in the parent's session";
        }
    }

    /** Listens on {@code socket} for a program that attaches (see {@code Router.attach}). */
    static void listen(ChildRuntime runtime, Router router, Path socket) {
        Path path = socket.toAbsolutePath();
        Path dir = path.getParent();
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new MitogenException("cannot listen on " + path + ": it exists (remove it, or choose another path)");
        }
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
            if (!owner.equals(System.getProperty("user.name")) || !PosixFilePermissions.toString(mode).endsWith("------")) {
                throw new MitogenException("cannot listen on " + path + ": its directory " + dir + " is "
                        + PosixFilePermissions.toString(mode) + " owned by " + owner + "; it must be only "
                        + System.getProperty("user.name") + "'s (mode 0700), so that no one else can reach the socket");
            }
            // Once the parent is gone no class can be fetched: load now what attaching needs.
            ClassLoader loader = Detachment.class.getClassLoader();
            for (String name : new String[] { "io.mitogen.core.Detachment$1", "io.mitogen.core.IdAllocator",
                    "io.mitogen.core.UnixSockets$1", "io.mitogen.core.UnixSockets$2" }) {
                Class.forName(name, true, loader);
            }
            ServerSocketChannel server = UnixSockets.bind(path);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            Thread accept = new Thread(() -> acceptLoop(router, server, path), "mitogen-listen");
            accept.setDaemon(true);
            accept.start();
            log.info("listening on {}", path);
        }
        catch (IOException | ClassNotFoundException ex) {
            throw new MitogenException("cannot listen on " + path + ": " + ex, ex);
        }
    }

    private static void acceptLoop(Router router, ServerSocketChannel server, Path path) {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            }
            catch (IOException ex) {
                log.warn("stopped listening on {}: {}", path, ex.toString());
                return;
            }
            try {
                attached(router, channel);
            }
            catch (RuntimeException | IOException ex) {
                log.warn("a program could not attach on {}: {}", path, ex.toString());
                closeQuietly(channel);
            }
        }
    }

    /** A program connected: it becomes this context's parent (the only one; a second is refused). */
    private static synchronized void attached(Router router, SocketChannel channel) throws IOException {
        Stream current = router.core.parentStream();
        if (current != null && !current.disconnected().isDone()) {
            log.warn("refused a program that attached while another one is attached");
            closeQuietly(channel);
            return;
        }
        java.io.DataInputStream in = new java.io.DataInputStream(UnixSockets.in(channel));
        OutputStream out = UnixSockets.out(channel);
        int myId = router.core.myId();
        // The attaching program says first which contexts are above this one now: itself and,
        // when it reached the socket through another context, that one too.
        Message first = io.mitogen.core.internal.wire.Frames.read(in, new byte[io.mitogen.core.internal.wire.Frames.HEADER_SIZE],
                64 * 1024);
        if (first == null || first.handle != Handles.ATTACHED) {
            throw new MitogenException("the program that connected did not say it attaches");
        }
        List<?> above = (List<?>) router.codec.decode(first.payload, 0, first.payload.length, List.class);
        int[] parentIds = new int[above.size()];
        for (int i = 0; i < parentIds.length; i++) {
            parentIds[i] = ((Number) above.get(i)).intValue();
        }
        if (parentIds.length == 0 || parentIds[parentIds.length - 1] != 0) {
            throw new MitogenException("the program that connected named no master above this context: " + above);
        }
        Stream parent = new Stream("attached", in, out, router.maxMessageSize);
        parent.countInto(router.core.traffic());
        // Its ids come from the new master from now on.
        router.ids().dropBlock();
        Map<String, Object> hello = new LinkedHashMap<>(ChildRuntime.describeSelf());
        hello.put("id", myId);
        List<Integer> routes = new ArrayList<>(router.core.routedIds());
        hello.put("routes", routes);
        int highest = Math.max(myId, router.ids().blockEnd());
        for (int id : routes) {
            highest = Math.max(highest, id);
        }
        for (int id : router.core.parentIds()) {
            highest = Math.max(highest, id);
        }
        hello.put("highestId", highest);
        router.core.attachParent(parent, parentIds);
        parent.start(new Stream.Listener() {
            @Override
            public void onMessage(Stream stream, Message message) {
                router.core.onMessage(stream, message);
            }

            @Override
            public void onDisconnect(Stream stream, Throwable cause) {
                if (router.core.parentStream() == stream) {
                    log.info("the attached program is gone; this context goes on");
                    router.core.parentGone();
                }
            }
        });
        parent.send(new Message(0, myId, myId, Handles.ATTACHED, 0, router.codec.encode(hello)));
        log.info("a program attached");
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        }
        catch (IOException ex) {
            // Nothing left to do with it.
        }
    }

}
