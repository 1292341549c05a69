package io.mitogen.core.internal.fakessh;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.apache.sshd.common.channel.AbstractChannel;
import org.apache.sshd.common.channel.LocalWindow;
import org.apache.sshd.common.random.JceRandomFactory;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.BufferUtils;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * The {@code sftp} subsystem where the destination has no {@code sftp-server}: Apache MINA
 * SSHD's own {@link SftpSubsystem} in this JVM, fed the SFTP packets the tool's client sends
 * through the fake ssh, dressed as a {@link Process} so that {@link RemoteSession} relays it
 * like any command. MINA's subsystem lives inside an SSH channel of a server session; here the
 * channel is a bare {@link ChannelSession} whose session is a stand-in answering only what the
 * subsystem asks (the factory manager's random numbers and properties, the user's name). There
 * is no socket, key or cipher: the link to the tool is the program's own. Its files are this
 * JVM's account's, and relative paths start in the home directory, as with sftp-server.
 *
 * <p>Flow control: a stdin write waits while more than {@link #IN_FLIGHT} bytes of requests are
 * queued and unanswered (the subsystem releases each after processing it), and a reply waits
 * while {@link #IN_FLIGHT} bytes of replies are unread: memory stays bounded both ways.
 *
 * <p>Its classes (sshd-sftp, sshd-core) are fetched on demand: it is built on the call thread
 * that opens the session, and runs on its own threads, never on a stream's reading thread.
 */
final class BuiltinSftp extends Process {

    /** Bytes of requests, and of replies, queued at most (more than one SFTP packet). */
    static final int IN_FLIGHT = 2 * 1024 * 1024;

    private final ReplyPipe stdout = new ReplyPipe();

    private final CountDownLatch exited = new CountDownLatch(1);

    private volatile int status = -1;

    private final Channel channel;

    private final Subsystem subsystem;

    private final OutputStream stdin;

    private BuiltinSftp(Path home) throws IOException {
        SshServer manager = new SshServer();
        manager.setRandomFactory(JceRandomFactory.INSTANCE);
        this.channel = new Channel(standIn(manager));
        this.subsystem = new Subsystem(this.channel, new SftpSubsystemFactory(), home, this.stdout);
        this.subsystem.setExitCallback((value, message, closeImmediately) -> exit(value));
        this.stdin = new Input();
    }

    /** Starts MINA's SFTP server on the packets written to the returned process's stdin. */
    static Process start(Path home) throws IOException {
        BuiltinSftp process = new BuiltinSftp(home);
        process.subsystem.start(process.channel, null);
        return process;
    }

    /**
     * A server session that is nobody's connection: the subsystem asks it for its factory
     * manager (random numbers for handles; properties, all defaults) and logs it.
     */
    private static ServerSession standIn(SshServer manager) {
        Map<String, Object> properties = new ConcurrentHashMap<>();
        String user = System.getProperty("user.name", "");
        return (ServerSession) Proxy.newProxyInstance(ServerSession.class.getClassLoader(),
                new Class<?>[] { ServerSession.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getFactoryManager":
                        case "getParentPropertyResolver":
                            return manager;
                        case "getProperties":
                            return properties;
                        case "getUsername":
                            return user;
                        case "toString":
                            return "fakessh-sftp[" + user + "]";
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "isOpen":
                            return true;
                        default:
                            return zero(method.getReturnType());
                    }
                });
    }

    private static Object zero(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }

    private void exit(int value) {
        this.status = (value < 0) ? 1 : value;
        this.stdout.close();
        this.exited.countDown();
        // Ends its executor (this very thread, which is finishing) and its handles.
        this.subsystem.destroy(this.channel);
    }

    @Override
    public OutputStream getOutputStream() {
        return this.stdin;
    }

    @Override
    public InputStream getInputStream() {
        return this.stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        this.exited.await();
        return this.status;
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return this.exited.await(timeout, unit);
    }

    @Override
    public int exitValue() {
        if (this.exited.getCount() > 0) {
            throw new IllegalThreadStateException("the sftp subsystem is running");
        }
        return this.status;
    }

    @Override
    public void destroy() {
        this.stdout.close();
        try {
            this.subsystem.close();
        }
        catch (IOException ex) {
            // It only queues its end.
        }
        this.channel.window.release(Long.MAX_VALUE / 4);
    }

    @Override
    public Process destroyForcibly() {
        destroy();
        return this;
    }

    @Override
    public boolean isAlive() {
        return this.exited.getCount() > 0;
    }

    @Override
    public Stream<ProcessHandle> descendants() {
        return Stream.empty();
    }

    @Override
    public Stream<ProcessHandle> children() {
        return Stream.empty();
    }

    /** The client's packets, handed to the subsystem within the in-flight bound. */
    private final class Input extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (!isAlive()) {
                throw new IOException("the sftp subsystem has ended");
            }
            try {
                BuiltinSftp.this.channel.window.admit(length, BuiltinSftp.this.subsystem);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
            BuiltinSftp.this.subsystem.data(BuiltinSftp.this.channel, bytes, offset, length);
        }

        @Override
        public void close() {
            // End of the client's input: the subsystem answers what it was sent, then exits 0, as
            // sftp-server does (its own close() would drop the requests not yet taken).
            BuiltinSftp.this.subsystem.endOfInput();
        }
    }

    /** MINA's subsystem with the home directory as its start and its replies into a pipe. */
    private static final class Subsystem extends SftpSubsystem {

        private final ReplyPipe replies;

        Subsystem(ChannelSession channel, SftpSubsystemFactory configurator, Path home, ReplyPipe replies) {
            super(channel, configurator);
            this.replies = replies;
            this.defaultDir = home.toAbsolutePath().normalize();
        }

        void endOfInput() {
            this.requests.add(CLOSE);
        }

        boolean hasQueuedRequests() {
            return !this.requests.isEmpty();
        }

        @Override
        protected void send(Buffer buffer) throws IOException {
            BufferUtils.updateLengthPlaceholder(buffer, 0);
            this.replies.write(buffer.array(), buffer.rpos(), buffer.available());
        }
    }

    /** The channel the subsystem believes it is in: its session is the stand-in, its window ours. */
    private static final class Channel extends ChannelSession {

        private final ServerSession session;

        final Window window = new Window(this);

        Channel(ServerSession session) {
            this.session = session;
        }

        @Override
        public ServerSession getSession() {
            return this.session;
        }

        @Override
        public LocalWindow getLocalWindow() {
            return this.window;
        }

        @Override
        protected void sendWindowAdjust(long length) {
            // Nobody to tell: the window is ours (Window).
        }
    }

    /** Counts requests handed to the subsystem and not yet processed. */
    private static final class Window extends LocalWindow {

        private final ReentrantLock lock = new ReentrantLock();

        private final Condition released = this.lock.newCondition();

        private long queued;

        Window(AbstractChannel channel) {
            super(channel, false);
        }

        void admit(int length, Subsystem subsystem) throws InterruptedException {
            this.lock.lock();
            try {
                // A packet larger than the bound still goes once nothing whole is queued before it.
                while (this.queued >= IN_FLIGHT && subsystem.hasQueuedRequests()) {
                    this.released.await(100, TimeUnit.MILLISECONDS);
                }
                this.queued += length;
            }
            finally {
                this.lock.unlock();
            }
        }

        @Override
        public void release(long length) {
            this.lock.lock();
            try {
                this.queued = Math.max(0, this.queued - length);
                this.released.signalAll();
            }
            finally {
                this.lock.unlock();
            }
        }
    }
}
