package io.mitogen.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Unix-domain sockets through reflection: the core is built for Java 11, and they came in
 * Java 16. On an older runtime each method throws a {@link MitogenException} saying so.
 * Not in the core bundle: only {@code listen} and {@code attach} use it.
 */
final class UnixSockets {

    private UnixSockets() {
    }

    static SocketAddress address(Path path) {
        try {
            Class<?> type = Class.forName("java.net.UnixDomainSocketAddress");
            return (SocketAddress) type.getMethod("of", Path.class).invoke(null, path);
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            throw new MitogenException("Unix-domain sockets need Java 16 or later; this is Java "
                    + System.getProperty("java.version") + " (socket " + path + ")", ex);
        }
    }

    /** A server socket bound at {@code path}. */
    static ServerSocketChannel bind(Path path) throws IOException {
        SocketAddress address = address(path);
        ServerSocketChannel server;
        try {
            ProtocolFamily unix = StandardProtocolFamily.valueOf("UNIX");
            server = (ServerSocketChannel) ServerSocketChannel.class.getMethod("open", ProtocolFamily.class)
                    .invoke(null, unix);
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            throw new MitogenException("cannot open a Unix-domain socket for " + path + ": " + ex, ex);
        }
        server.bind(address);
        return server;
    }

    /** A connection to the socket at {@code path}. */
    static SocketChannel connect(Path path) throws IOException {
        return SocketChannel.open(address(path));
    }

    /**
     * Reads straight from the channel: {@code Channels.newInputStream} would hold the channel's
     * blocking lock while it waits, and so block the writer.
     */
    static InputStream in(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                return channel.read(ByteBuffer.wrap(bytes, offset, length));
            }

            @Override
            public void close() throws IOException {
                channel.shutdownInput();
            }
        };
    }

    /** Writes straight to the channel (see {@link #in}). */
    static OutputStream out(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] { (byte) b }, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
