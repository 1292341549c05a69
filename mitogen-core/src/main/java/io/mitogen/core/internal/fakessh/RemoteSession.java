package io.mitogen.core.internal.fakessh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.router.MessageRouter;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.wire.Message;

/**
 * The destination's end of one fakessh session: the remote command under {@code /bin/sh -c} in
 * the home directory (or the {@code sftp} subsystem), its stdin fed from the client end's
 * messages, its stdout and stderr sent back within the client's credit, and its exit status
 * last. The handler only queues and counts: it runs on a stream's reading thread.
 */
final class RemoteSession implements MessageRouter.Handler, MessageRouter.Policy {

    private static final Log log = Log.get(RemoteSession.class);

    /** Where Debian, Fedora, Arch and Alpine put OpenSSH's sftp server. */
    static final List<String> SFTP_SERVERS = Arrays.asList("/usr/lib/openssh/sftp-server",
            "/usr/libexec/openssh/sftp-server", "/usr/lib/ssh/sftp-server", "/usr/libexec/sftp-server",
            "/usr/lib/sftp-server");

    /** Overrides where the sftp subsystem comes from at the destination (see findSftpServer). */
    static final String SFTP_SERVER_PROPERTY = "mitogen.fakessh.sftpServer";

    private static final Message STOP = new Message(0, 0, 0, 0, 0, new byte[] { 0 });

    private final MessageRouter core;

    private final int peerId;

    private final int peerHandle;

    private final int callerId;

    private final int handle;

    private final LinkedBlockingQueue<Message> stdin = new LinkedBlockingQueue<>();

    private final AtomicLong queued = new AtomicLong();

    private final Wire.Credit output = new Wire.Credit(Wire.WINDOW);

    private final AtomicBoolean ended = new AtomicBoolean();

    private final Process process;

    private RemoteSession(MessageRouter core, int callerId, int peerId, int peerHandle, Process process) {
        this.core = core;
        this.callerId = callerId;
        this.peerId = peerId;
        this.peerHandle = peerHandle;
        this.process = process;
        this.handle = core.addHandler(this, this);
    }

    /** Starts the command; returns the handle the client end sends to. */
    static int open(MessageRouter core, int callerId, int peerId, int peerHandle, boolean subsystem, String command)
            throws IOException {
        // The handler runs on a stream's reading thread, which must not fetch a class: load them here.
        Wire.typeOf(STOP);
        Path home = Paths.get(System.getProperty("user.home", "/"));
        Path directory = Files.isDirectory(home) ? home : Paths.get("/");
        Process process;
        if (subsystem) {
            if (!command.equals("sftp")) {
                throw new IOException("subsystem request failed: only the sftp subsystem is served, not '" + command + "'");
            }
            String server = findSftpServer();
            if (server == null) {
                // No OpenSSH here (a container, an account without it): MINA's own SFTP server, in this JVM.
                try {
                    process = BuiltinSftp.start(directory);
                }
                catch (LinkageError ex) {
                    throw new IOException("subsystem request failed: no sftp-server here (looked in " + SFTP_SERVERS
                            + ") and Apache MINA SSHD's sftp server (org.apache.sshd:sshd-sftp) is not on the master's"
                            + " class path (" + ex + "); add that dependency, or install OpenSSH's sftp server here"
                            + " (Debian: openssh-sftp-server)");
                }
            }
            else {
                process = new ProcessBuilder(server).directory(directory.toFile()).start();
            }
        }
        else {
            process = new ProcessBuilder("/bin/sh", "-c", command).directory(directory.toFile()).start();
        }
        RemoteSession session = new RemoteSession(core, callerId, peerId, peerHandle, process);
        session.start();
        log.debug("fakessh: started {} for context {} (handle {})", subsystem ? "subsystem " + command : command,
                peerId, session.handle);
        return session.handle;
    }

    /**
     * The destination's {@code sftp-server}, or null for MINA's built-in one. The system property
     * {@value #SFTP_SERVER_PROPERTY}, read here at the destination, replaces the places looked
     * in: a colon-separated list of paths, or {@code builtin} for MINA's even where OpenSSH's is
     * installed.
     */
    static String findSftpServer() {
        String chosen = System.getProperty(SFTP_SERVER_PROPERTY, "").trim();
        if (chosen.equals("builtin")) {
            return null;
        }
        List<String> places = chosen.isEmpty() ? SFTP_SERVERS : Arrays.asList(chosen.split(":"));
        for (String candidate : places) {
            if (!candidate.isEmpty() && Files.isExecutable(Paths.get(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    private void start() {
        Thread in = thread(this::feedStdin, "stdin");
        Thread out = thread(() -> pump(this.process.getInputStream(), Wire.STDOUT), "stdout");
        Thread err = thread(() -> pump(this.process.getErrorStream(), Wire.STDERR), "stderr");
        thread(() -> finish(in, out, err), "exit");
    }

    private Thread thread(Runnable body, String what) {
        Thread thread = new Thread(body, "mitogen-fakessh-" + this.handle + "-" + what);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public boolean accepts(MessageRouter router, Message message, Stream in) {
        return message.srcId == this.peerId || message.srcId == this.callerId || message.isDead();
    }

    @Override
    public void onMessage(Message message, Stream in) {
        if (message.isDead()) {
            // The client end is gone (or never was): nobody reads the output any more.
            kill();
            return;
        }
        byte type = Wire.typeOf(message);
        if (type == Wire.OUTPUT_CREDIT) {
            this.output.add(Wire.intOf(message));
        }
        else if (type == Wire.KILL) {
            kill();
        }
        else if (type == Wire.STDIN || type == Wire.STDIN_EOF) {
            if (this.queued.addAndGet(message.payload.length) > Wire.WINDOW + Wire.CHUNK + 64) {
                log.warn("fakessh: context {} sent more stdin than its credit; ending the session", message.srcId);
                kill();
                return;
            }
            this.stdin.add(message);
        }
    }

    private void feedStdin() {
        OutputStream toProcess = this.process.getOutputStream();
        long unreported = 0;
        try {
            while (true) {
                Message message = this.stdin.take();
                if (message == STOP) {
                    return;
                }
                this.queued.addAndGet(-message.payload.length);
                if (Wire.typeOf(message) == Wire.STDIN_EOF) {
                    toProcess.close();
                    return;
                }
                int length = message.payload.length - 1;
                try {
                    toProcess.write(message.payload, 1, length);
                    if (this.stdin.isEmpty()) {
                        toProcess.flush();
                    }
                }
                catch (IOException ex) {
                    // The command stopped reading: what is left is dropped, as sshd does.
                }
                unreported += length;
                if (unreported >= Wire.CREDIT_BATCH || this.stdin.isEmpty()) {
                    send(Wire.withInt(Wire.STDIN_CREDIT, (int) unreported));
                    unreported = 0;
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (IOException ex) {
            // Closing its stdin failed: it has gone.
        }
    }

    private void pump(InputStream from, byte type) {
        try {
            while (true) {
                int allowed = this.output.take(Wire.CHUNK);
                if (allowed < 0) {
                    return;
                }
                byte[] payload = new byte[1 + allowed];
                int n = from.read(payload, 1, allowed);
                if (n < 0) {
                    this.output.giveBack(allowed);
                    return;
                }
                if (n < allowed) {
                    this.output.giveBack(allowed - n);
                    payload = Arrays.copyOf(payload, 1 + n);
                }
                payload[0] = type;
                send(payload);
            }
        }
        catch (IOException ex) {
            // The stream ended with the process.
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void finish(Thread in, Thread out, Thread err) {
        int status;
        try {
            out.join();
            err.join();
            status = this.process.waitFor();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            status = 255;
        }
        this.stdin.add(STOP);
        if (this.ended.compareAndSet(false, true)) {
            send(Wire.withInt(Wire.EXIT, status));
        }
        this.core.removeHandler(this.handle);
        log.debug("fakessh: handle {} exited with {}", this.handle, status);
    }

    private void kill() {
        if (this.ended.compareAndSet(false, true)) {
            this.output.close();
            this.process.descendants().forEach(ProcessHandle::destroyForcibly);
            this.process.destroyForcibly();
        }
    }

    private void send(byte[] payload) {
        this.core.sendTo(this.peerId, this.peerHandle, this.handle, payload);
    }
}
