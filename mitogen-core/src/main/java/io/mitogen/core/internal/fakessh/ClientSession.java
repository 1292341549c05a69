package io.mitogen.core.internal.fakessh;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.router.MessageRouter;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.wire.Message;

/**
 * The calling JVM's end of one invocation of the fake {@code ssh}: reads the program's command
 * line, opens the session at the destination, then relays: the program's stdin to the
 * destination within its credit (on its own thread), the destination's output to the program
 * (on the session's thread), and the exit status. A lost destination ends the program with
 * status 255 and ssh's message, as real ssh does when its connection drops.
 */
final class ClientSession implements MessageRouter.Handler, MessageRouter.Policy {

    private static final Log log = Log.get(ClientSession.class);

    /** How a session is opened at the destination: directly, or through the context that granted it. */
    interface Opener {

        /** Starts opening; the answer ({@link Wire#OPENED} or {@link Wire#FAILED}) goes to {@code session}. */
        void open(ClientSession session, SshArgs args);
    }

    final MessageRouter core;

    final int destId;

    final String destName;

    /** The context that may also speak for the destination (the broker), or {@code -1}. */
    final int brokerId;

    final int handle;

    private final InputStream fromProgram;

    private final DataOutputStream toProgram;

    private final LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>();

    private final AtomicLong queued = new AtomicLong();

    private final Wire.Credit stdinCredit = new Wire.Credit(Wire.WINDOW);

    private volatile int destHandle = -1;

    private volatile boolean done;

    private volatile SshArgs args;

    ClientSession(MessageRouter core, int destId, String destName, int brokerId, InputStream fromProgram,
            OutputStream toProgram) {
        this.core = core;
        this.destId = destId;
        this.destName = destName;
        this.brokerId = brokerId;
        this.fromProgram = fromProgram;
        this.toProgram = new DataOutputStream(new BufferedOutputStream(toProgram, Wire.CHUNK + 16));
        this.handle = core.addHandler(this, this);
    }

    @Override
    public boolean accepts(MessageRouter router, Message message, Stream in) {
        return message.srcId == this.destId || message.srcId == this.brokerId || message.isDead();
    }

    @Override
    public void onMessage(Message message, Stream in) {
        if (!message.isDead() && Wire.typeOf(message) == Wire.STDIN_CREDIT) {
            this.stdinCredit.add(Wire.intOf(message));
            return;
        }
        if (this.queued.addAndGet(message.payload.length) > 2L * Wire.WINDOW) {
            // Output beyond the credit given: a misbehaving destination must not fill this heap.
            this.queue.add(new Message(0, 0, 0, 0, 0, Wire.withText(Wire.LOST, "the destination sent more than its credit")));
            return;
        }
        this.queue.add(message);
    }

    /** A message made here (an answer to opening, a lost destination). */
    void deliver(byte[] payload) {
        this.queue.add(new Message(this.core.myId(), this.core.myId(), this.core.myId(), this.handle, 0, payload));
    }

    /** Relays until the program's command ends; returns its status. */
    int run(Opener opener) {
        try {
            List<String> argv = readHello();
            SshArgs parsed;
            try {
                parsed = SshArgs.parse(argv);
            }
            catch (SshArgs.Refused ex) {
                return exit("ssh: " + ex.getMessage() + "\n", 255);
            }
            this.args = parsed;
            if (!parsed.ignored.isEmpty()) {
                log.debug("fakessh: ignored {} for {}", parsed.ignored, this.destName);
            }
            opener.open(this, parsed);
            return relay();
        }
        catch (IOException ex) {
            log.debug("fakessh: the program went away: {}", ex.toString());
            kill();
            return 255;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            kill();
            return 255;
        }
        finally {
            end();
        }
    }

    private List<String> readHello() throws IOException {
        DataInputStream in = new DataInputStream(this.fromProgram);
        if (in.readInt() != Client.MAGIC) {
            throw new IOException("not a fakessh client");
        }
        int count = in.readInt();
        if (count < 0 || count > 10_000) {
            throw new IOException("bad argument count " + count);
        }
        List<String> argv = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = in.readInt();
            if (length < 0 || length > 1 << 20) {
                throw new IOException("bad argument length " + length);
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            argv.add(new String(bytes, StandardCharsets.UTF_8));
        }
        return argv;
    }

    private int relay() throws IOException, InterruptedException {
        long unreported = 0;
        while (true) {
            Message message = this.queue.poll();
            if (message == null) {
                // Nothing more for now: what was written goes to the program before waiting.
                this.toProgram.flush();
                message = this.queue.take();
            }
            this.queued.addAndGet(-message.payload.length);
            if (message.isDead()) {
                return lost("Connection to " + this.args.host + " closed by remote host.");
            }
            byte type = Wire.typeOf(message);
            switch (type) {
                case Wire.STDOUT:
                case Wire.STDERR: {
                    int length = message.payload.length - 1;
                    this.toProgram.writeByte((type == Wire.STDOUT) ? Client.STDOUT : Client.STDERR);
                    this.toProgram.writeInt(length);
                    this.toProgram.write(message.payload, 1, length);
                    unreported += length;
                    if (this.destHandle >= 0 && (unreported >= Wire.CREDIT_BATCH || this.queue.isEmpty())) {
                        sendToDest(Wire.withInt(Wire.OUTPUT_CREDIT, (int) unreported));
                        unreported = 0;
                    }
                    break;
                }
                case Wire.OPENED:
                    this.destHandle = Wire.intOf(message);
                    startStdin();
                    if (unreported > 0) {
                        sendToDest(Wire.withInt(Wire.OUTPUT_CREDIT, (int) unreported));
                        unreported = 0;
                    }
                    break;
                case Wire.EXIT:
                    return exit(null, Wire.intOf(message));
                case Wire.FAILED:
                    return exit("ssh: " + this.args.host + " (mitogen fakessh to " + this.destName + "): "
                            + Wire.textOf(message) + "\n", 255);
                case Wire.LOST:
                    return lost(Wire.textOf(message));
                default:
                    log.debug("fakessh: ignored a message of type {} from context {}", type, message.srcId);
            }
        }
    }

    private int lost(String why) throws IOException {
        kill();
        String text = why.startsWith("Connection to") ? why : "Connection to " + this.args.host + " closed by remote host ("
                + this.destName + ": " + why + ").";
        return exit(text + "\n", 255);
    }

    private int exit(String stderr, int status) throws IOException {
        if (stderr != null) {
            byte[] bytes = stderr.getBytes(StandardCharsets.UTF_8);
            this.toProgram.writeByte(Client.STDERR);
            this.toProgram.writeInt(bytes.length);
            this.toProgram.write(bytes);
        }
        this.toProgram.writeByte(Client.EXIT);
        this.toProgram.writeInt(status);
        this.toProgram.flush();
        this.done = true;
        return status;
    }

    private void startStdin() {
        Thread thread = new Thread(this::pumpStdin, "mitogen-fakessh-" + this.handle + "-stdin");
        thread.setDaemon(true);
        thread.start();
    }

    /** The program's stdin frames to the destination, within its credit. */
    private void pumpStdin() {
        DataInputStream in = new DataInputStream(new BufferedInputStream(this.fromProgram, Wire.CHUNK));
        try {
            while (true) {
                int type = in.readUnsignedByte();
                int length = in.readInt();
                if (type == Client.STDIN_EOF) {
                    sendToDest(new byte[] { Wire.STDIN_EOF });
                    return;
                }
                if (type != Client.STDIN || length < 0 || length > Wire.WINDOW) {
                    throw new IOException("bad frame from the fake ssh program");
                }
                int left = length;
                while (left > 0) {
                    int allowed = this.stdinCredit.take(Math.min(left, Wire.CHUNK));
                    if (allowed < 0) {
                        return;
                    }
                    byte[] payload = new byte[1 + allowed];
                    payload[0] = Wire.STDIN;
                    in.readFully(payload, 1, allowed);
                    sendToDest(payload);
                    left -= allowed;
                }
            }
        }
        catch (EOFException ex) {
            // The program closed its end before the command ended: it went away, or was killed.
            if (!this.done) {
                kill();
                this.queue.add(new Message(0, 0, 0, 0, 0, Wire.withText(Wire.LOST, "the fake ssh program went away")));
            }
        }
        catch (IOException ex) {
            if (!this.done) {
                kill();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tells the destination's end to stop (the program went, or this run ends). */
    void kill() {
        if (this.destHandle >= 0 && !this.done) {
            sendToDest(new byte[] { Wire.KILL });
        }
        this.done = true;
        this.stdinCredit.close();
    }

    /** Ends a session the run no longer waits for. */
    void abandon() {
        kill();
        this.queue.add(new Message(0, 0, 0, 0, 0, Wire.withText(Wire.LOST, "the run ended")));
    }

    private void end() {
        this.stdinCredit.close();
        this.core.removeHandler(this.handle);
        try {
            this.toProgram.close();
        }
        catch (IOException ex) {
            // Already gone.
        }
    }

    boolean isDone() {
        return this.done;
    }

    private void sendToDest(byte[] payload) {
        int to = this.destHandle;
        if (to < 0) {
            return;
        }
        this.core.sendTo(this.destId, to, this.handle, payload);
    }
}
