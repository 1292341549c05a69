package io.mitogen.core;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.constants.Timeouts;
import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * {@code Router.attach}: a connection to a detached context's socket, which makes this context
 * its parent. Not in the core bundle (master-only, or a {@code via} hop that relays).
 */
final class Attachment {

    private static final Log log = Log.get(Attachment.class);

    private Attachment() {
    }

    /** What the listening context said, and the stream to it, not started yet. */
    static final class Link {

        final Map<?, ?> hello;

        final Stream stream;

        Link(Map<?, ?> hello, Stream stream) {
            this.hello = hello;
            this.stream = stream;
        }

        int id() {
            return ((Number) this.hello.get("id")).intValue();
        }

        List<Integer> routes() {
            List<Integer> ids = new ArrayList<>();
            Object routes = this.hello.get("routes");
            if (routes instanceof List) {
                for (Object id : (List<?>) routes) {
                    if (id instanceof Number) {
                        ids.add(((Number) id).intValue());
                    }
                }
            }
            return ids;
        }

        int highestId() {
            Object highest = this.hello.get("highestId");
            return (highest instanceof Number) ? ((Number) highest).intValue() : id();
        }
    }

    /** Connects to {@code socket} and says which contexts will be above the one listening there. */
    static Link connect(Router router, Path socket, List<Integer> above) {
        Path path = socket.toAbsolutePath();
        SocketChannel channel = open(path);
        // A peer that never answers must not keep attach() waiting.
        java.util.concurrent.ScheduledFuture<?> timeout = router.broker.schedule(() -> {
            try {
                channel.close();
            }
            catch (IOException ex) {
                // Closing is all it could do.
            }
        }, java.time.Duration.ofMillis(Timeouts.ATTACH_HELLO_MILLIS));
        try {
            DataInputStream in = new DataInputStream(UnixSockets.in(channel));
            OutputStream out = UnixSockets.out(channel);
            byte[] payload = router.codec.encode(above);
            Message attach = new Message(0, 0, 0, Handles.ATTACHED, 0, payload);
            byte[] frame = new byte[Frames.HEADER_SIZE + payload.length];
            Frames.writeHeader(attach, frame, 0);
            System.arraycopy(payload, 0, frame, Frames.HEADER_SIZE, payload.length);
            out.write(frame);
            Message hello = Frames.read(in, new byte[Frames.HEADER_SIZE], router.maxMessageSize);
            if (hello == null || hello.handle != Handles.ATTACHED) {
                throw new MitogenException("cannot attach to " + path + ": the context there refused (another program is attached to it) or it is not a mitogen context");
            }
            Map<?, ?> info = (Map<?, ?>) router.codec.decode(hello.payload, 0, hello.payload.length, Map.class);
            if (!(info.get("id") instanceof Number)) {
                throw new MitogenException("cannot attach to " + path + ": the context there did not say its id");
            }
            if (!timeout.cancel(false)) {
                throw new MitogenException("cannot attach to " + path + ": no answer within "
                        + (Timeouts.ATTACH_HELLO_MILLIS / 1000) + " s");
            }
            Stream stream = new Stream("attached:" + path.getFileName(), in, out, router.maxMessageSize);
            stream.countInto(router.core.traffic());
            return new Link(info, stream);
        }
        catch (IOException | RuntimeException ex) {
            try {
                channel.close();
            }
            catch (IOException closing) {
                ex.addSuppressed(closing);
            }
            timeout.cancel(false);
            if (ex instanceof MitogenException) {
                throw (MitogenException) ex;
            }
            throw new MitogenException("cannot attach to " + path + ": " + ex, ex);
        }
    }

    /** The socket at {@code path}, if it is there and belongs to this user (or this user is root). */
    private static SocketChannel open(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new MitogenException("cannot attach to " + path + ": nothing is there (no socket; is the context listening?)");
        }
        String me = System.getProperty("user.name");
        try {
            String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
            if (!owner.equals(me) && !"root".equals(me)) {
                throw new MitogenException("cannot attach to " + path + ": it belongs to " + owner + ", not to " + me);
            }
            return UnixSockets.connect(path);
        }
        catch (IOException ex) {
            throw new MitogenException("cannot attach to " + path + ": nothing listens there (" + ex.getMessage() + ")", ex);
        }
    }

    /** {@code Router.attach}: checks the options, then attaches directly or through {@code via}. */
    static Context attach(Router router, AttachOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("'options' must not be null");
        }
        Context via = options.via();
        if (via == null) {
            return attach(router, options.socket());
        }
        if (via.router() != router || !via.isConnected()) {
            throw new InvalidOptionsException("cannot attach to " + options.socket() + " via " + via
                    + ": it is gone or belongs to another router");
        }
        return attachVia(router, options.socket(), via);
    }

    /** In the master: attaches directly; the context and its subtree are routed through the socket. */
    static Context attach(Router router, Path socket) {
        Link link = connect(router, socket, List.of(0));
        int id = link.id();
        Context known = router.knownContext(id);
        if (id == 0 || (known != null && known.isConnected())) {
            link.stream.close();
            throw new MitogenException("cannot attach to " + socket + ": its context id " + id
                    + " is already used by this program");
        }
        router.ids().reserveBelow(link.highestId() + 1);
        router.core.addRoute(id, link.stream);
        for (int below : link.routes()) {
            if (below != 0 && router.core.routeTo(below) == null) {
                router.core.addRoute(below, link.stream);
            }
        }
        Object name = link.hello.get("name");
        Context context = new Context(router, id, (name instanceof String) ? (String) name : "attached." + id, null);
        context.describe(link.hello);
        router.register(context);
        start(router, link.stream);
        log.debug("attached to {} at {}", context, socket);
        return context;
    }

    /** Links connected for the parent chain and not routed yet, by the listening context's id. */
    private static final Map<Integer, Link> waiting = new java.util.concurrent.ConcurrentHashMap<>();

    /** In the master: asks {@code via} to connect, checks what the context says, then has it route. */
    static Context attachVia(Router router, Path socket, Context via) {
        Receiver<Map<?, ?>> hello = router.calls.newReceiver(via, Map.class, "attach to " + socket + " via " + via);
        byte[] ask = router.codec.encode(List.of("connect", socket.toString()));
        router.core.sendTo(via.id(), io.mitogen.core.internal.constants.Handles.ATTACH_VIA, hello.handle(), ask);
        Map<?, ?> info;
        try {
            info = hello.get(java.time.Duration.ofMillis(Timeouts.ATTACH_STEP_MILLIS));
        }
        catch (CallException ex) {
            throw new MitogenException("via " + via + ": " + ex.remoteMessage(), ex);
        }
        Link link = new Link(info, null);
        int id = link.id();
        Context known = router.knownContext(id);
        boolean clash = id == 0 || (known != null && known.isConnected());
        List<Integer> ids = new ArrayList<>();
        ids.add(id);
        for (int below : link.routes()) {
            clash |= below == 0 || router.core.routeTo(below) != null;
            ids.add(below);
        }
        if (!clash) {
            // The routes via announces for them are confirmed: these ids are its to announce.
            router.ids().reserveBelow(link.highestId() + 1);
            for (int each : ids) {
                router.ids().grant(each, via.id());
            }
        }
        Receiver<Object> routed = router.calls.newReceiver(via, Object.class, "route to " + socket + " via " + via);
        byte[] proceed = router.codec.encode(List.of(clash ? "drop" : "route", id));
        router.core.sendTo(via.id(), io.mitogen.core.internal.constants.Handles.ATTACH_VIA, routed.handle(), proceed);
        routed.get(java.time.Duration.ofMillis(Timeouts.ATTACH_STEP_MILLIS));
        if (clash) {
            throw new MitogenException("cannot attach to " + socket + " via " + via + ": its context ids " + ids
                    + " are already used in this program");
        }
        Object name = info.get("name");
        Context context = new Context(router, id, (name instanceof String) ? (String) name : "attached." + id, null);
        context.describe(info);
        router.register(context);
        return context;
    }

    /** In {@code via}: {@code ATTACH_VIA} from the parent chain, on a thread of its own (it blocks). */
    static void onAttachVia(Router router, Message request) {
        try {
            List<?> ask = (List<?>) router.codec.decode(request.payload, 0, request.payload.length, List.class);
            String step = (String) ask.get(0);
            if (step.equals("connect")) {
                List<Integer> above = new ArrayList<>();
                above.add(router.core.myId());
                above.addAll(router.parentIds());
                Link link = connect(router, Path.of((String) ask.get(1)), above);
                Link old = waiting.put(link.id(), link);
                if (old != null) {
                    old.stream.close();
                }
                router.calls.reply(request, link.hello);
                return;
            }
            Link link = waiting.remove(((Number) ask.get(1)).intValue());
            if (link == null) {
                throw new MitogenException("no attached context " + ask.get(1) + " is waiting here");
            }
            if (!step.equals("route")) {
                link.stream.close();
                router.calls.reply(request, null);
                return;
            }
            List<java.util.concurrent.CompletableFuture<Void>> confirmed = new ArrayList<>();
            confirmed.add(router.core.addRoute(link.id(), link.stream));
            for (int below : link.routes()) {
                confirmed.add(router.core.addRoute(below, link.stream));
            }
            java.util.concurrent.CompletableFuture.allOf(confirmed.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
                    .get(Timeouts.ROUTES_CONFIRMED_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            start(router, link.stream);
            router.calls.reply(request, null);
        }
        catch (Throwable ex) {
            router.calls.reply(request, ex);
        }
    }

    static void start(Router router, Stream stream) {
        stream.start(new Stream.Listener() {
            @Override
            public void onMessage(Stream from, Message message) {
                router.core.onMessage(from, message);
            }

            @Override
            public void onDisconnect(Stream from, Throwable cause) {
                from.close();
                router.core.removeStream(from);
            }
        });
    }
}
