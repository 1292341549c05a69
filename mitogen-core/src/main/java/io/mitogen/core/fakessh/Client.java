package io.mitogen.core.fakessh;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
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
        InputStream fromJvm;
        OutputStream toJvm;
        try {
            Path cookieFile = dir.resolve("cookie");
            if (Files.exists(cookieFile)) {
                String[] portAndCookie = new String(Files.readAllBytes(cookieFile), StandardCharsets.US_ASCII).trim()
                        .split(" ");
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(portAndCookie[0]));
                socket.setTcpNoDelay(true);
                fromJvm = socket.getInputStream();
                toJvm = socket.getOutputStream();
                toJvm.write(portAndCookie[1].getBytes(StandardCharsets.US_ASCII));
            }
            else {
                SocketAddress address = (SocketAddress) Class.forName("java.net.UnixDomainSocketAddress")
                        .getMethod("of", Path.class).invoke(null, dir.resolve("sock"));
                SocketChannel channel = SocketChannel.open(address);
                fromJvm = in(channel);
                toJvm = out(channel);
            }
        }
        catch (Exception ex) {
            System.err.println("ssh (mitogen fakessh): cannot reach the program that started this tool through "
                    + dir + ": " + ex);
            System.exit(255);
            return;
        }
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(toJvm, 72 * 1024));
        out.writeInt(MAGIC);
        out.writeInt(args.length - 1);
        for (int i = 1; i < args.length; i++) {
            byte[] arg = args[i].getBytes(StandardCharsets.UTF_8);
            out.writeInt(arg.length);
            out.write(arg);
        }
        out.flush();
        Thread stdin = new Thread(() -> pumpStdin(out), "stdin");
        stdin.setDaemon(true);
        stdin.start();
        int status = pumpOutput(new DataInputStream(new BufferedInputStream(fromJvm, 72 * 1024)));
        Runtime.getRuntime().halt(status);
    }

    private static void pumpStdin(DataOutputStream out) {
        FileChannel stdin = new FileInputStream(FileDescriptor.in).getChannel();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long idle = 0;
        try {
            int n;
            while ((n = stdin.read(buffer.clear())) >= 0) {
                if (n == 0) {
                    // The tool made the descriptor non-blocking (rsync does): wait a little, longer when idle.
                    idle = pause(idle);
                    continue;
                }
                idle = 0;
                synchronized (out) {
                    out.writeByte(STDIN);
                    out.writeInt(n);
                    out.write(buffer.array(), 0, n);
                    out.flush();
                }
            }
            synchronized (out) {
                out.writeByte(STDIN_EOF);
                out.writeInt(0);
                out.flush();
            }
        }
        catch (IOException ex) {
            // The JVM ended the session; the output side exits.
        }
    }

    /** Sleeps after the descriptor had nothing (or no room): 50 us, doubling to 10 ms. */
    private static long pause(long previous) {
        long next = (previous == 0) ? 50_000 : Math.min(previous * 2, 10_000_000);
        LockSupport.parkNanos(next);
        return next;
    }

    /** Writes all of it, also to a descriptor the tool made non-blocking. */
    private static void writeFully(FileChannel to, byte[] bytes, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
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

    private static int pumpOutput(DataInputStream in) {
        FileChannel stdout = new FileOutputStream(FileDescriptor.out).getChannel();
        FileChannel stderr = new FileOutputStream(FileDescriptor.err).getChannel();
        byte[] buffer = new byte[256 * 1024];
        try {
            while (true) {
                int type = in.readUnsignedByte();
                int length = in.readInt();
                if (type == EXIT) {
                    return length;
                }
                if (length < 0 || length > buffer.length) {
                    throw new IOException("bad frame length " + length);
                }
                in.readFully(buffer, 0, length);
                if (type == STDOUT) {
                    writeFully(stdout, buffer, length);
                }
                else if (type == STDERR) {
                    writeFully(stderr, buffer, length);
                }
            }
        }
        catch (IOException ex) {
            try {
                byte[] text = ("ssh (mitogen fakessh): the link to the program that started this tool ended: " + ex
                        + "\n").getBytes(StandardCharsets.UTF_8);
                writeFully(stderr, text, text.length);
            }
            catch (IOException ignored) {
                // Nothing more can be said.
            }
            return 255;
        }
    }

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
