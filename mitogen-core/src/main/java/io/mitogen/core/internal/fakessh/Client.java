package io.mitogen.core.internal.fakessh;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.locks.LockSupport;

/**
 * The fake {@code ssh} program: the script {@code ssh} in a {@code FakeSsh.run} directory starts
 * it with the {@code java} that runs the JVM that called {@code run}. It hands its command line to
 * that JVM over the directory's Unix-domain socket (or, on Java 15 and earlier, over loopback TCP
 * with the cookie only that directory's owner can read), then relays its stdin, stdout and stderr,
 * and exits with the remote command's status. It depends on nothing but the JDK: the script puts
 * only this one class on its class path. All the understanding of ssh's options is in the JVM.
 *
 * <p>Frames both ways: {@code type (1 byte), length (int), bytes}. To the JVM: {@link #HELLO}
 * (the arguments), {@link #STDIN}, {@link #STDIN_EOF}; from it: {@link #STDOUT}, {@link #STDERR},
 * {@link #EXIT} (the status as the length, no bytes).
 */
public final class Client {

    static final int HELLO = 1, STDIN = 2, STDIN_EOF = 3, STDOUT = 4, STDERR = 5, EXIT = 6;

    static final int MAGIC = 0x6d667331;

    private Client() {
    }

    /**
     * {@code args[0]}: the private directory; the rest: ssh's command line as the tool gave it.
     *
     * @param args the directory, then the ssh arguments
     * @throws IOException never, in practice: a broken link ends the program with status 255
     */
    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args[0]);
        SocketChannel channel;
        ByteBuffer hello = ByteBuffer.allocate(64 * 1024);
        try {
            Path cookieFile = dir.resolve("cookie");
            if (Files.exists(cookieFile)) {
                String[] portAndCookie = new String(Files.readAllBytes(cookieFile), StandardCharsets.US_ASCII).trim()
                        .split(" ");
                channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        Integer.parseInt(portAndCookie[0])));
                channel.socket().setTcpNoDelay(true);
                hello.put(portAndCookie[1].getBytes(StandardCharsets.US_ASCII));
            }
            else {
                SocketAddress address = (SocketAddress) Class.forName("java.net.UnixDomainSocketAddress")
                        .getMethod("of", Path.class).invoke(null, dir.resolve("sock"));
                channel = SocketChannel.open(address);
            }
        }
        catch (Exception ex) {
            System.err.println("ssh (mitogen fakessh): cannot reach the program that started this tool through "
                    + dir + ": " + ex);
            System.exit(255);
            return;
        }
        hello.putInt(MAGIC);
        hello.putInt(args.length - 1);
        for (int i = 1; i < args.length; i++) {
            byte[] arg = args[i].getBytes(StandardCharsets.UTF_8);
            if (hello.remaining() < 4 + arg.length) {
                hello = ByteBuffer.allocate(2 * (hello.capacity() + arg.length)).put(hello.flip());
            }
            hello.putInt(arg.length);
            hello.put(arg);
        }
        hello.flip();
        while (hello.hasRemaining()) {
            channel.write(hello);
        }
        Thread stdin = new Thread(() -> pumpStdin(channel), "stdin");
        stdin.setDaemon(true);
        stdin.start();
        int status = pumpOutput(channel);
        Runtime.getRuntime().halt(status);
    }

    /**
     * The tool's stdin to the JVM, framed. Direct buffers throughout: the bytes go from the
     * descriptor to the socket without a copy in this JVM (a heap buffer costs two).
     */
    private static void pumpStdin(SocketChannel channel) {
        FileChannel stdin = new FileInputStream(FileDescriptor.in).getChannel();
        ByteBuffer header = ByteBuffer.allocateDirect(5);
        ByteBuffer data = ByteBuffer.allocateDirect(STDIN_CHUNK);
        ByteBuffer[] frame = { header, data };
        long idle = 0;
        try {
            int n;
            while ((n = stdin.read(data.clear())) >= 0) {
                if (n == 0) {
                    // The tool made the descriptor non-blocking (rsync does): wait a little, longer when idle.
                    idle = pause(idle);
                    continue;
                }
                idle = 0;
                data.flip();
                header.clear();
                header.put((byte) STDIN).putInt(n).flip();
                while (data.hasRemaining()) {
                    channel.write(frame);
                }
            }
            header.clear();
            header.put((byte) STDIN_EOF).putInt(0).flip();
            while (header.hasRemaining()) {
                channel.write(header);
            }
        }
        catch (IOException ex) {
            // The JVM ended the session; the output side exits.
        }
    }

    /** Bytes of stdin per frame (the JVM takes up to 4 MiB; it splits what exceeds its chunk). */
    static final int STDIN_CHUNK = 128 * 1024;

    /** Sleeps after the descriptor had nothing (or no room): 50 us, doubling to 10 ms. */
    private static long pause(long previous) {
        long next = (previous == 0) ? 50_000 : Math.min(previous * 2, 10_000_000);
        LockSupport.parkNanos(next);
        return next;
    }

    /** Writes all of it, also to a descriptor the tool made non-blocking. */
    private static void writeFully(FileChannel to, ByteBuffer buffer) throws IOException {
        long idle = 0;
        while (buffer.hasRemaining()) {
            if (to.write(buffer) == 0) {
                idle = pause(idle);
            }
            else {
                idle = 0;
            }
        }
    }

    /** Reads more into {@code in} (kept in read mode); at least one byte, or an EOFException. */
    private static void fill(SocketChannel channel, ByteBuffer in) throws IOException {
        in.compact();
        try {
            if (channel.read(in) < 0) {
                throw new java.io.EOFException("end of stream");
            }
        }
        finally {
            in.flip();
        }
    }

    /**
     * The JVM's frames to stdout and stderr, straight from a direct buffer: a frame's bytes are
     * written as they arrive, so a frame need not fit in the buffer.
     */
    private static int pumpOutput(SocketChannel channel) {
        FileChannel stdout = new FileOutputStream(FileDescriptor.out).getChannel();
        FileChannel stderr = new FileOutputStream(FileDescriptor.err).getChannel();
        ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
        in.flip();
        try {
            while (true) {
                while (in.remaining() < 5) {
                    fill(channel, in);
                }
                int type = in.get() & 0xff;
                int length = in.getInt();
                if (type == EXIT) {
                    return length;
                }
                if (length < 0 || (type != STDOUT && type != STDERR)) {
                    throw new IOException("bad frame: type " + type + ", length " + length);
                }
                FileChannel to = (type == STDOUT) ? stdout : stderr;
                int left = length;
                while (left > 0) {
                    if (!in.hasRemaining()) {
                        fill(channel, in);
                    }
                    int n = Math.min(left, in.remaining());
                    ByteBuffer slice = in.duplicate();
                    slice.limit(slice.position() + n);
                    writeFully(to, slice);
                    in.position(in.position() + n);
                    left -= n;
                }
            }
        }
        catch (IOException ex) {
            try {
                byte[] text = ("ssh (mitogen fakessh): the link to the program that started this tool ended: " + ex
                        + "\n").getBytes(StandardCharsets.UTF_8);
                writeFully(stderr, ByteBuffer.wrap(text));
            }
            catch (IOException ignored) {
                // Nothing more can be said.
            }
            return 255;
        }
    }

    // in() and out() repeat UnixSockets' (package io.mitogen.core): this class runs alone, on a
    // class path of itself, and may use nothing but the JDK.

    static InputStream in(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                return (length == 0) ? 0 : channel.read(ByteBuffer.wrap(bytes, offset, length));
            }
        };
    }

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
        };
    }
}
