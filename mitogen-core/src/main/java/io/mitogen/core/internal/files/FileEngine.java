package io.mitogen.core.internal.files;

import java.util.function.IntFunction;
import java.util.function.IntPredicate;

import io.mitogen.core.Context;
import io.mitogen.core.internal.router.MessageRouter;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.Message;

/**
 * Internal: what both ends of a transfer need from the router they run in. Made by
 * {@link io.mitogen.core.FileTransfer}; applications use that.
 */
public final class FileEngine {

    final MessageRouter core;

    final Codec codec;

    private final IntFunction<Context> contexts;

    private final IntPredicate alive;

    /**
     * @param contexts the context object for an id (made on first sight)
     * @param alive whether context {@code id} is still reachable
     */
    public FileEngine(MessageRouter core, Codec codec, IntFunction<Context> contexts, IntPredicate alive) {
        this.core = core;
        this.codec = codec;
        this.contexts = contexts;
        this.alive = alive;
        loadHandlerClasses();
    }

    /**
     * In a child these classes are not in the core bundle: they are fetched from the parent on
     * first use. The handlers run on the stream's reader thread, which cannot wait for an answer
     * it would have to read itself, so everything they touch is loaded here, on the thread that
     * makes the engine (a call, or child code).
     */
    private static void loadHandlerClasses() {
        String[] names = { "internal.files.Protocol", "internal.files.Protocol$FileTransferIOException",
            "internal.files.Digests", "internal.files.Summary", "internal.files.Sink", "internal.files.TargetTree",
            "internal.files.IncomingFile", "internal.files.Source", "internal.files.ChunkArrays",
            "internal.files.TempNames", "internal.files.Source$1", "internal.files.ServedRoots", "FileTransferException",
            "TargetDirectoryMissingException", "FileAccessDeniedException", "DiskFullException", "NotARegularFileException",
            "SourceChangedException", "TransferInterruptedException", "TargetExistsException", "FileRefusedException",
            "TransferListener", "TransferResult" };
        ClassLoader loader = FileEngine.class.getClassLoader();
        for (String name : names) {
            try {
                Class.forName("io.mitogen.core." + name, true, loader);
            }
            catch (ClassNotFoundException ex) {
                throw new IllegalStateException("mitogen's file transfer is incomplete: " + name + " is missing", ex);
            }
        }
    }

    /** A failure's kind code, as it crosses the wire (a relayed fan-out's answer). */
    public static int kindOf(io.mitogen.core.FileTransferException failure) {
        return Protocol.kindOf(failure);
    }

    /** A failure's reason, without the host and path its message starts with. */
    public static String reasonOf(io.mitogen.core.FileTransferException failure) {
        return Sink.reasonOf(failure);
    }

    /** The specific {@link io.mitogen.core.FileTransferException} for a kind code from the wire. */
    public static io.mitogen.core.FileTransferException failure(int kind, String host, String path, String reason) {
        return Protocol.failure(kind, host, path, reason);
    }

    int myId() {
        return this.core.myId();
    }

    Context context(int id) {
        return this.contexts.apply(id);
    }

    /** How context {@code id} reads in messages: its name and id. */
    String name(int id) {
        Context context = this.contexts.apply(id);
        return (context != null) ? context.name() + " (context " + id + ")" : "context " + id;
    }

    boolean isConnected(int id) {
        return this.alive.test(id);
    }

    void send(int dst, int handle, byte[] payload) {
        this.core.sendTo(dst, handle, 0, payload);
    }
}
