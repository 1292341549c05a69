package io.mitogen.core.internal.fakessh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import io.mitogen.core.internal.logging.Log;

/**
 * One run's private directory (mode 0700, under {@code java.io.tmpdir}): the {@code ssh} script,
 * the fake ssh program's class, and the way back to this JVM: a Unix-domain socket {@code sock}
 * (Java 16 and later), or else a {@code cookie} file (mode 0600) naming a loopback port and a
 * random secret the program must send first. Either way only this OS user (and root) can reach
 * it. Closing stops accepting, ends the sessions still open and deletes the directory.
 */
final class PrivateDir implements AutoCloseable {

    private static final Log log = Log.get(PrivateDir.class);

    /** Set to {@code true} to use loopback TCP and a cookie even where Unix-domain sockets exist. */
    static final String FORCE_TCP = "mitogen.fakessh.tcp";

    private final Path path;

    private final Path ssh;

    private final AutoCloseable server;

    private final byte[] cookie;

    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;

    private Thread acceptor;

    private PrivateDir(Path path, Path ssh, AutoCloseable server, byte[] cookie) {
        this.path = path;
        this.ssh = ssh;
        this.server = server;
        this.cookie = cookie;
    }

    static Path base() {
        return Paths.get(System.getProperty("java.io.tmpdir"));
    }

    static PrivateDir create() throws IOException {
        Path dir = Files.createTempDirectory(base(), "mitogen-fakessh-" + ProcessHandle.current().pid() + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            writeClient(dir);
            Path ssh = dir.resolve("ssh");
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            String script = "#!/bin/sh\n"
                    + "# mitogen fakessh: every ssh this tool starts is carried over the program's own links\n"
                    + "unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS\n"
                    + "exec " + quote(java) + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto"
                    + " -Xms4m -Xss512k -cp " + quote(dir.toString()) + " io.mitogen.core.internal.fakessh.Client "
                    + quote(dir.toString()) + " \"$@\"\n";
            Files.write(ssh, script.getBytes(StandardCharsets.UTF_8));
            Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
            boolean unix = Runtime.version().feature() >= 16 && !Boolean.getBoolean(FORCE_TCP);
            if (unix) {
                return new PrivateDir(dir, ssh, bindUnix(dir.resolve("sock")), null);
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            StringBuilder hex = new StringBuilder();
            for (byte b : secret) {
                hex.append(String.format("%02x", b & 0xff));
            }
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Path cookieFile = dir.resolve("cookie");
            Files.createFile(cookieFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(cookieFile, (server.getLocalPort() + " " + hex + "\n").getBytes(StandardCharsets.US_ASCII));
            return new PrivateDir(dir, ssh, server, hex.toString().getBytes(StandardCharsets.US_ASCII));
        }
        catch (IOException | RuntimeException ex) {
            delete(dir);
            throw ex;
        }
    }

    Path path() {
        return this.path;
    }

    Path ssh() {
        return this.ssh;
    }

    void track(ClientSession session) {
        this.sessions.add(session);
    }

    /** Accepts the fake ssh program's connections, each on its own thread. */
    void accept(BiConsumer<InputStream, OutputStream> handler) {
        this.acceptor = new Thread(() -> {
            while (!this.closed) {
                Object[] connection;
                try {
                    connection = acceptOne();
                }
                catch (IOException ex) {
                    if (!this.closed) {
                        log.warn("fakessh: stopped accepting in {}: {}", this.path, ex.toString());
                    }
                    return;
                }
                Thread thread = new Thread(() -> {
                    try {
                        serve(connection, handler);
                    }
                    finally {
                        this.threads.remove(Thread.currentThread());
                    }
                }, "mitogen-fakessh-session");
                thread.setDaemon(true);
                this.threads.add(thread);
                thread.start();
            }
        }, "mitogen-fakessh-accept");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    private Object[] acceptOne() throws IOException {
        if (this.server instanceof ServerSocket) {
            Socket socket = ((ServerSocket) this.server).accept();
            socket.setTcpNoDelay(true);
            return new Object[] { socket, socket.getInputStream(), socket.getOutputStream() };
        }
        java.nio.channels.SocketChannel channel = ((java.nio.channels.ServerSocketChannel) this.server).accept();
        return new Object[] { channel, Client.in(channel), Client.out(channel) };
    }

    private void serve(Object[] connection, BiConsumer<InputStream, OutputStream> handler) {
        AutoCloseable link = (AutoCloseable) connection[0];
        InputStream in = (InputStream) connection[1];
        try {
            if (this.cookie != null && !cookieMatches(in)) {
                log.warn("fakessh: refused a connection to {} that did not give the cookie", this.path);
                return;
            }
            handler.accept(in, (OutputStream) connection[2]);
        }
        catch (IOException | RuntimeException ex) {
            log.debug("fakessh: a connection in {} failed: {}", this.path, ex.toString());
        }
        finally {
            try {
                link.close();
            }
            catch (Exception ex) {
                // Gone already.
            }
        }
    }

    private boolean cookieMatches(InputStream in) throws IOException {
        byte[] given = new byte[this.cookie.length];
        int read = 0;
        while (read < given.length) {
            int n = in.read(given, read, given.length - read);
            if (n < 0) {
                return false;
            }
            read += n;
        }
        return MessageDigest.isEqual(given, this.cookie);
    }

    @Override
    public void close() {
        this.closed = true;
        try {
            this.server.close();
        }
        catch (Exception ex) {
            // Closing is all that is wanted.
        }
        for (ClientSession session : this.sessions) {
            if (!session.isDone()) {
                session.abandon();
            }
        }
        try {
            if (this.acceptor != null) {
                this.acceptor.join(5_000);
            }
            for (Thread thread : this.threads) {
                thread.join(5_000);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        delete(this.path);
    }

    private static AutoCloseable bindUnix(Path socket) throws IOException {
        try {
            SocketAddress address = (SocketAddress) Class.forName("java.net.UnixDomainSocketAddress")
                    .getMethod("of", Path.class).invoke(null, socket);
            ProtocolFamily unix = StandardProtocolFamily.valueOf("UNIX");
            java.nio.channels.ServerSocketChannel server = (java.nio.channels.ServerSocketChannel)
                    java.nio.channels.ServerSocketChannel.class.getMethod("open", ProtocolFamily.class).invoke(null, unix);
            server.bind(address);
            return server;
        }
        catch (ReflectiveOperationException ex) {
            throw new IOException("cannot open a Unix-domain socket at " + socket + ": " + ex, ex);
        }
    }

    private static void writeClient(Path dir) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("io/mitogen/core/internal/fakessh"));
        copyClass(classes, "Client.class", true);
        for (int i = 1; i < 10; i++) {
            if (!copyClass(classes, "Client$" + i + ".class", false)) {
                break;
            }
        }
    }

    private static boolean copyClass(Path classes, String name, boolean required) throws IOException {
        try (InputStream in = Client.class.getResourceAsStream(name)) {
            if (in == null) {
                if (required) {
                    throw new IOException("cannot find the fake ssh program's class " + name + " beside "
                            + Client.class.getName() + " (check the resource policy allows io/mitogen/core/internal/fakessh/)");
                }
                return false;
            }
            Files.write(classes.resolve(name), in.readAllBytes());
            return true;
        }
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    static void delete(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<Path>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (IOException ex) {
            log.warn("fakessh: could not delete {}: {}", dir, ex.toString());
        }
    }
}
