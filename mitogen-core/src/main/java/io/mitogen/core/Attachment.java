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

import io.mitogen.core.logging.Log;
import io.mitogen.core.router.Stream;
import io.mitogen.core.wire.Frames;
import io.mitogen.core.wire.Message;

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
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new MitogenException("cannot attach to " + path + ": nothing is there (no socket; is the context listening?)");
        }
        String me = System.getProperty("user.name");
        SocketChannel channel;
        try {
            String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
            if (!owner.equals(me) && !"root".equals(me)) {
                throw new MitogenException("cannot attach to " + path + ": it belongs to " + owner + ", not to " + me);
            }
            channel = UnixSockets.connect(path);
        }
        catch (IOException ex) {
            throw new MitogenException("cannot attach to " + path + ": nothing listens there (" + ex.getMessage() + ")", ex);
        }
        // A peer that never answers must not keep attach() waiting.
        java.util.concurrent.ScheduledFuture<?> timeout = router.broker.schedule(() -> {
            try {
                channel.close();
            }
            catch (IOException ex) {
                // Closing is all it could do.
            }
        }, java.time.Duration.ofSeconds(30));
        try {
            DataInputStream in = new DataInputStream(UnixSockets.in(channel));
            OutputStream out = UnixSockets.out(channel);
            byte[] payload = router.codec.encode(above);
            Message attach = new Message(0, 0, 0, Detachment.ATTACHED, 0, payload);
            byte[] frame = new byte[Frames.HEADER_SIZE + payload.length];
            Frames.writeHeader(attach, frame, 0);
            System.arraycopy(payload, 0, frame, Frames.HEADER_SIZE, payload.length);
            out.write(frame);
            Message hello = Frames.read(in, new byte[Frames.HEADER_SIZE], router.maxMessageSize);
            if (hello == null || hello.handle != Detachment.ATTACHED) {
                throw new MitogenException("cannot attach to " + path + ": the context there refused (another program is attached to it) or it is not a mitogen context");
            }
            Map<?, ?> info = (Map<?, ?>) router.codec.decode(hello.payload, 0, hello.payload.length, Map.class);
            if (!(info.get("id") instanceof Number)) {
                throw new MitogenException("cannot attach to " + path + ": the context there did not say its id");
            }
            if (!timeout.cancel(false)) {
                throw new MitogenException("cannot attach to " + path + ": no answer within 30 s");
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
