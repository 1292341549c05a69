package io.mitogen.core.internal.fakessh;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.router.MessageRouter;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.wire.Message;

/**
 * Opens sessions for a context that runs {@code FakeSsh.run} but may not call its destination
 * (only a context's parent chain may): the context that called {@code run} (usually the master)
 * opens them instead, for that context and that destination only, while that call lasts. It is
 * the grant: a child cannot reach a context nobody on that context's parent chain handed it.
 * A destination that goes is told to the client end ({@code LOST}); a client end that goes ends
 * its sessions at the destination.
 */
final class Broker implements MessageRouter.Handler {

    /** The well-known handle where requests arrive ({@code Handles.FAKESSH_OPEN}). */
    static final int HANDLE = io.mitogen.core.internal.constants.Handles.FAKESSH_OPEN;

    private static final Log log = Log.get(Broker.class);

    private static final Map<MessageRouter, Broker> BROKERS = new ConcurrentHashMap<>();

    private final MessageRouter core;

    private final BiFunction<Integer, Object[], CompletableFuture<Integer>> open;

    /** Runs on {@code (childId << 32 | destId)}: how many runs hold it. */
    private final Map<Long, AtomicInteger> grants = new ConcurrentHashMap<>();

    /** Sessions opened here: key {@code childId, peerHandle} to {@code destId, destHandle}. */
    private final Map<Long, long[]> sessions = new ConcurrentHashMap<>();

    /** Opening calls the destination and waits: never on the reading thread. */
    private final ThreadPoolExecutor workers;

    private Broker(MessageRouter core, BiFunction<Integer, Object[], CompletableFuture<Integer>> open) {
        this.core = core;
        this.open = open;
        this.workers = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), (task) -> {
            Thread thread = new Thread(task, "mitogen-fakessh-broker");
            thread.setDaemon(true);
            return thread;
        });
        this.workers.allowCoreThreadTimeOut(true);
    }

    static Broker of(MessageRouter core, BiFunction<Integer, Object[], CompletableFuture<Integer>> open) {
        return BROKERS.computeIfAbsent(core, (key) -> {
            Wire.typeOf(new Message(0, 0, 0, 0, 0, new byte[1]));
            Broker broker = new Broker(key, open);
            key.addHandler(HANDLE, broker, MessageRouter.Policy.FROM_CHILD);
            key.addRouteListener(broker::onGone);
            return broker;
        });
    }

    /** A request from the client end at {@code childId} to the broker {@code brokerId}. */
    static Message request(int childId, int brokerId, int destId, int peerHandle, boolean subsystem, String command) {
        byte[] text = command.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[9 + text.length];
        Frames.putInt(payload, 0, destId);
        Frames.putInt(payload, 4, peerHandle);
        payload[8] = (byte) (subsystem ? 1 : 0);
        System.arraycopy(text, 0, payload, 9, text.length);
        return new Message(brokerId, childId, childId, HANDLE, peerHandle, payload);
    }

    Runnable grant(int childId, int destId) {
        long key = key(childId, destId);
        this.grants.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
        return () -> {
            AtomicInteger count = this.grants.get(key);
            if (count != null && count.decrementAndGet() <= 0) {
                this.grants.remove(key, count);
                this.sessions.entrySet().removeIf((entry) -> (int) (entry.getKey() >>> 32) == childId
                        && entry.getValue()[0] == destId);
            }
        };
    }

    @Override
    public void onMessage(Message message, Stream in) {
        byte[] p = message.payload;
        int childId = message.srcId;
        if (p.length < 9) {
            log.warn("fakessh: dropped a malformed request from context {}", childId);
            return;
        }
        int destId = Frames.getInt(p, 0);
        int peerHandle = Frames.getInt(p, 4);
        boolean subsystem = p[8] != 0;
        String command = new String(p, 9, p.length - 9, StandardCharsets.UTF_8);
        if (!this.grants.containsKey(key(childId, destId))) {
            log.warn("fakessh: refused context {} a session at context {}: no FakeSsh.run call from context {} to it "
                    + "names that destination", childId, destId, this.core.myId());
            reply(childId, peerHandle, Wire.withText(Wire.FAILED, "context " + this.core.myId() + " has not granted context "
                    + childId + " a FakeSsh.run to context " + destId));
            return;
        }
        this.workers.execute(() -> open(childId, peerHandle, destId, subsystem, command));
    }

    private void open(int childId, int peerHandle, int destId, boolean subsystem, String command) {
        CompletableFuture<Integer> opened;
        try {
            if (destId == this.core.myId()) {
                opened = CompletableFuture.completedFuture(RemoteSession.open(this.core, this.core.myId(), childId,
                        peerHandle, subsystem, command));
            }
            else {
                opened = this.open.apply(destId, new Object[] { childId, peerHandle, subsystem, command });
            }
        }
        catch (Exception ex) {
            opened = new CompletableFuture<>();
            opened.completeExceptionally(ex);
        }
        opened.whenComplete((handle, failure) -> {
            if (failure != null) {
                reply(childId, peerHandle, Wire.withText(Wire.FAILED, Engine.reason(failure)));
                return;
            }
            this.sessions.put(key(childId, peerHandle), new long[] { destId, handle });
            reply(childId, peerHandle, Wire.withInt(Wire.OPENED, handle));
        });
    }

    /** A context is gone: tell the other end of each of its sessions. Runs on a reading thread. */
    private void onGone(int id) {
        for (Map.Entry<Long, long[]> entry : this.sessions.entrySet()) {
            int childId = (int) (entry.getKey() >>> 32);
            int peerHandle = (int) (long) entry.getKey();
            int destId = (int) entry.getValue()[0];
            if (destId == id) {
                reply(childId, peerHandle, Wire.withText(Wire.LOST, "context " + id + " is gone"));
                this.sessions.remove(entry.getKey());
            }
            else if (childId == id) {
                this.core.sendTo(destId, (int) entry.getValue()[1], 0,
                        new byte[] { Wire.KILL });
                this.sessions.remove(entry.getKey());
            }
        }
    }

    private void reply(int childId, int peerHandle, byte[] payload) {
        this.core.sendTo(childId, peerHandle, 0, payload);
    }

    private static long key(int high, int low) {
        return ((long) high << 32) | (low & 0xFFFFFFFFL);
    }
}
