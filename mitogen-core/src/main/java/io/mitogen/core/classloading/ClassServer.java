package io.mitogen.core.classloading;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.mitogen.core.logging.Log;
import io.mitogen.core.router.MessageRouter;
import io.mitogen.core.router.Stream;
import io.mitogen.core.wire.Codec;
import io.mitogen.core.wire.Message;

/**
 * Answers children's {@code GET_CLASS} requests: with the class file's bytes, or {@code null}
 * (final: the child will not ask again). A master serves from its class loaders; a child
 * serves its own children from what it was sent, asking upwards for what it lacks, without
 * blocking the thread that delivered the request.
 */
public final class ClassServer {

    private static final Log log = Log.get(ClassServer.class);

    /** Binary class names only: no path separators, no {@code ..}, no NUL. */
    private static final Pattern CLASS_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

    private final Function<String, CompletableFuture<byte[]>> source;

    private final List<ClassLoader> loaders;

    private volatile MessageRouter router;

    private volatile Codec codec;

    private ClassServer(Function<String, CompletableFuture<byte[]>> source, List<ClassLoader> loaders) {
        this.source = source;
        this.loaders = loaders;
    }

    /** A master's server: classes come from {@code loader}, and from the loaders of called methods. */
    public static ClassServer fromLoader(ClassLoader loader) {
        List<ClassLoader> loaders = new CopyOnWriteArrayList<>();
        loaders.add((loader != null) ? loader : ClassLoader.getSystemClassLoader());
        ClassServer[] self = new ClassServer[1];
        self[0] = new ClassServer((name) -> CompletableFuture.completedFuture(self[0].readFromLoaders(name)), loaders);
        return self[0];
    }

    /** A child's server: classes come from {@code upstream} (its cache of what the parent sent). */
    public static ClassServer relaying(Function<String, CompletableFuture<byte[]>> upstream) {
        return new ClassServer(upstream, new CopyOnWriteArrayList<>());
    }

    /** Connects the server to the router and codec it answers through. */
    public void bind(MessageRouter router, Codec codec) {
        this.router = router;
        this.codec = codec;
    }

    /** Remembers where a called method's class came from, so its neighbours can be served too. */
    public void remember(String className, ClassLoader loader) {
        if (loader != null && !this.loaders.contains(loader) && !this.loaders.isEmpty()) {
            this.loaders.add(0, loader);
        }
    }

    /** Handles one request; the answer is sent when the bytes are known. */
    public void onRequest(Message request, Stream in) {
        String name = new String(request.payload, java.nio.charset.StandardCharsets.UTF_8);
        if (!CLASS_NAME.matcher(name).matches() || name.length() > 1024) {
            log.warn("{}: refused a request for a class named {}", in.name(), abbreviate(name));
            answer(request, null);
            return;
        }
        CompletableFuture<byte[]> bytes;
        try {
            bytes = this.source.apply(name);
        }
        catch (RuntimeException ex) {
            bytes = CompletableFuture.failedFuture(ex);
        }
        bytes.whenComplete((found, failure) -> answer(request, (failure == null) ? found : null));
    }

    private void answer(Message request, byte[] bytes) {
        if (request.replyTo <= 0) {
            return;
        }
        int myId = this.router.myId();
        this.router.send(new Message(request.srcId, myId, myId, request.replyTo, 0, this.codec.encode(bytes)));
    }

    private byte[] readFromLoaders(String name) {
        if (name.startsWith("java.")) {
            return null;
        }
        String path = name.replace('.', '/') + ".class";
        for (ClassLoader loader : this.loaders) {
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in != null) {
                    return in.readAllBytes();
                }
            }
            catch (IOException ex) {
                log.debug("cannot read {} from {}: {}", path, loader, ex.toString());
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        return (text.length() <= 80) ? text : text.substring(0, 80) + "...";
    }
}
