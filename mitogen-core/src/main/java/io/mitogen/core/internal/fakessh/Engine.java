package io.mitogen.core.internal.fakessh;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.router.MessageRouter;

/**
 * What {@code FakeSsh.run} does, loaded on first use (in a child, from its parent, like
 * application code: none of this package is in the core bundle). Its entry points take only the
 * router's public pieces and JDK types, because {@code FakeSsh} sits in the core's class loader
 * and cannot name these classes.
 */
public final class Engine {

    /** How the calling JVM reaches the destination. */
    public static final int SELF = 0, DIRECT = 1, BROKERED = 2;

    private static final Log log = Log.get(Engine.class);

    /** The sessions open here, per router, for telling them that their destination is gone. */
    private static final Map<MessageRouter, Set<ClientSession>> SESSIONS = new ConcurrentHashMap<>();

    private Engine() {
    }

    /**
     * Runs {@code argv} here with the fake ssh first on its path; returns its exit status.
     *
     * @param core this context's router
     * @param destId the destination's context id
     * @param destName the destination's name, for messages
     * @param argv the tool and its arguments
     * @param mode {@link #SELF}, {@link #DIRECT} or {@link #BROKERED}
     * @param brokerId in {@link #BROKERED} mode, the context that granted the run
     * @param open in {@link #DIRECT} mode, starts a session at the destination: arguments
     *        {@code (peerId, peerHandle, subsystem, command)}, the answer its handle there
     * @return the tool's exit status
     * @throws IOException if the private directory or the tool cannot be made or started
     * @throws InterruptedException if interrupted while the tool runs (it is killed)
     */
    public static int run(MessageRouter core, int destId, String destName, List<String> argv, int mode, int brokerId,
            BiFunction<Integer, Object[], CompletableFuture<Integer>> open) throws IOException, InterruptedException {
        // The handlers run on a stream's reading thread, which must not fetch a class: load them here.
        Wire.typeOf(new io.mitogen.core.internal.wire.Message(0, 0, 0, 0, 0, new byte[1]));
        watch(core);
        ClientSession.Opener opener = opener(core, destId, mode, brokerId, open);
        Set<ClientSession> sessions = SESSIONS.get(core);
        try (PrivateDir dir = PrivateDir.create()) {
            dir.accept((in, out) -> {
                ClientSession session = new ClientSession(core, destId, destName, (mode == BROKERED) ? brokerId : -1, in,
                        out);
                sessions.add(session);
                dir.track(session);
                try {
                    session.run(opener);
                }
                finally {
                    sessions.remove(session);
                }
            });
            return runTool(dir, argv);
        }
    }

    private static ClientSession.Opener opener(MessageRouter core, int destId, int mode, int brokerId,
            BiFunction<Integer, Object[], CompletableFuture<Integer>> open) {
        if (mode == SELF) {
            return (session, args) -> {
                try {
                    int handle = RemoteSession.open(core, core.myId(), core.myId(), session.handle, args.subsystem,
                            args.command);
                    session.deliver(Wire.withInt(Wire.OPENED, handle));
                }
                catch (IOException | RuntimeException ex) {
                    session.deliver(Wire.withText(Wire.FAILED, ex.getMessage()));
                }
            };
        }
        if (mode == DIRECT) {
            return (session, args) -> open.apply(destId, new Object[] { core.myId(), session.handle, args.subsystem,
                args.command }).whenComplete((handle, failure) -> {
                    if (failure != null) {
                        session.deliver(Wire.withText(Wire.FAILED, reason(failure)));
                    }
                    else {
                        session.deliver(Wire.withInt(Wire.OPENED, handle));
                    }
                });
        }
        return (session, args) -> core.send(Broker.request(core.myId(), brokerId, destId, session.handle, args.subsystem,
                args.command));
    }

    /** The message of the first cause that has one. */
    static String reason(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return (message != null) ? message : cause.toString();
    }

    /** Once per router: a destination that goes ends the sessions to it. Runs on a reading thread. */
    private static void watch(MessageRouter core) {
        SESSIONS.computeIfAbsent(core, (key) -> {
            Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
            key.addRouteListener((id) -> {
                for (ClientSession session : sessions) {
                    if (session.destId == id) {
                        session.deliver(Wire.withText(Wire.LOST, "context " + id + " is gone"));
                    }
                }
            });
            return sessions;
        });
    }

    /**
     * In the context that granted a run to {@code childId}: lets it open sessions at
     * {@code destId} until the returned {@link Runnable} runs (when the run's call ends).
     *
     * @param core this context's router
     * @param childId the context running {@code FakeSsh.run}
     * @param destId its destination
     * @param open as for {@link #run}, from here
     * @return what ends the grant
     */
    public static Runnable grant(MessageRouter core, int childId, int destId,
            BiFunction<Integer, Object[], CompletableFuture<Integer>> open) {
        return Broker.of(core, open).grant(childId, destId);
    }

    /**
     * At the destination: starts a session's command for the client end at
     * {@code (peerId, peerHandle)}; {@code callerId} (the caller of this) may speak for it too.
     *
     * @param core this context's router
     * @param callerId the context that called
     * @param peerId the client end's context
     * @param peerHandle the client end's handle
     * @param subsystem whether {@code command} names a subsystem
     * @param command the remote command
     * @return the handle of this end
     * @throws IOException if the command cannot be started
     */
    public static int open(MessageRouter core, int callerId, int peerId, int peerHandle, boolean subsystem,
            String command) throws IOException {
        return RemoteSession.open(core, callerId, peerId, peerHandle, subsystem, command);
    }

    private static int runTool(PrivateDir dir, List<String> argv) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(argv);
        String tool = new File(command.get(0)).getName();
        if ((tool.equals("scp") || tool.equals("sftp")) && !command.contains("-S")) {
            // Both run /usr/bin/ssh, not the one on PATH, unless told otherwise.
            command.add(1, "-S");
            command.add(2, dir.ssh().toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        env.put("PATH", dir.path() + File.pathSeparator + ((path != null) ? path : "/usr/local/bin:/usr/bin:/bin"));
        env.put("RSYNC_RSH", dir.ssh().toString());
        env.put("GIT_SSH_COMMAND", dir.ssh().toString());
        env.put("GIT_SSH_VARIANT", "ssh");
        env.put("MITOGEN_FAKESSH", dir.ssh().toString());
        builder.redirectInput(new File("/dev/null"));
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException ex) {
            throw new IOException("cannot start " + command.get(0) + " (FakeSsh.run): " + ex.getMessage()
                    + "; check that it is installed and on PATH here", ex);
        }
        Log output = Log.get("mitogen.fakessh." + tool);
        Thread out = lines(process.getInputStream(), output, Log.INFO, tool + "-stdout");
        Thread err = lines(process.getErrorStream(), output, Log.WARN, tool + "-stderr");
        try {
            int status = process.waitFor();
            out.join(10_000);
            err.join(10_000);
            log.debug("fakessh: {} exited with {}", tool, status);
            return status;
        }
        finally {
            if (process.isAlive()) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    private static Thread lines(InputStream from, Log to, int level, String what) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    to.log(level, "{}", line);
                }
            }
            catch (IOException ex) {
                // The tool is gone.
            }
        }, "mitogen-fakessh-" + what);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** For tests: where a run's private directories are made. */
    static Path tmp() {
        return PrivateDir.base();
    }
}
