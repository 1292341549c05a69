package io.mitogen.core;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import io.mitogen.core.internal.router.MessageRouter;

/**
 * SSH client emulation: runs a tool ({@code rsync}, {@code git}, {@code scp}, {@code sftp}, or
 * anything else that runs {@code ssh host command}) in the context that calls {@link #run}, with
 * an {@code ssh} in front of it that carries each of its ssh connections to another context over
 * the program's own links, through every hop on the way (bastions, {@code sudo}, containers).
 *
 * <pre>{@code
 * Context webapp = router.sudo(SudoOptions.builder().username("webapp").via(webserver).build());
 * Context fileserver = router.ssh(SshOptions.builder("fileserver").via(bastion).build());
 * int status = fileserver.call(FakeSsh::run, webapp, List.of("rsync", "-a", "appdata/", "appserver:appdata/"));
 * }</pre>
 *
 * <p>Whatever host name the tool gives ssh stands for the destination. At the destination, the
 * remote command runs under {@code /bin/sh -c} in the home directory, the {@code sftp}
 * subsystem is the destination's {@code sftp-server} or, where it has none, Apache MINA SSHD's
 * SFTP server inside the destination's JVM (system property {@code mitogen.fakessh.sftpServer}
 * at the destination: a colon-separated list of paths to look in, or {@code builtin}), and stdin, stdout and stderr are relayed
 * both ways with flow control (a few MiB in flight, whatever the size of the transfer). The tool's
 * own stdout and stderr become log records (logger {@code mitogen.fakessh.TOOL}: stdout lines at
 * INFO, stderr lines at WARN), forwarded to the master like any child's; its stdin is
 * {@code /dev/null}. Everything but this class is fetched on first use.
 *
 * <p>A context may only call contexts below it, so when the context running the tool is not on
 * the destination's parent chain (the example: two hosts behind one bastion), the context that
 * called {@code run} opens each session for it: calling {@code FakeSsh::run} with a destination
 * grants that, for that call only. (Through {@code callNoReply} it grants nothing.)
 */
public final class FakeSsh {

    private static final String ENGINE = "io.mitogen.core.internal.fakessh.Engine";

    private FakeSsh() {
    }

    /**
     * Runs {@code argv} here (a process of this context's OS user), with every {@code ssh} it
     * starts carried to {@code dest}, and returns its exit status. Several ssh invocations, one
     * after another or at once, are each their own session. {@code scp} and {@code sftp} get
     * {@code -S} (they run {@code /usr/bin/ssh}, not the one on {@code PATH}); rsync and git
     * find it through {@code RSYNC_RSH} and {@code GIT_SSH_COMMAND}; other tools find it on
     * {@code PATH} or in {@code MITOGEN_FAKESSH}. The private directory holding it (mode 0700)
     * is deleted when this returns, also after a failure.
     *
     * @param dest where the tool's ssh sessions run
     * @param argv the tool and its arguments, e.g. {@code rsync -a dir/ host:dir/}
     * @return the tool's exit status; as with ssh, 255 from its ssh means the link was lost
     * @throws IllegalArgumentException if {@code argv} is empty
     * @throws MitogenException if the tool or the private directory cannot be started or made
     */
    public static int run(Context dest, List<String> argv) {
        if (dest == null) {
            throw new IllegalArgumentException("'dest' must not be null");
        }
        if (argv == null || argv.isEmpty() || argv.get(0) == null || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("'argv' must name a tool to run, e.g. List.of(\"rsync\", \"-a\", \"dir/\", "
                    + "\"host:dir/\")");
        }
        Router router = dest.router();
        MessageRouter core = router.core;
        int myId = core.myId();
        int destId = dest.id();
        int mode;
        int brokerId = -1;
        if (destId == myId) {
            mode = 0;
        }
        else if (myId == 0 || core.routeTo(destId) != null) {
            mode = 1;
        }
        else {
            mode = 2;
            int caller = router.channels.callerId();
            brokerId = (caller != myId && core.isAncestor(caller)) ? caller : 0;
        }
        try {
            return (Integer) engine().getMethod("run", MessageRouter.class, int.class, String.class, List.class, int.class,
                    int.class, BiFunction.class)
                    .invoke(null, core, destId, dest.name(), new ArrayList<>(argv), mode, brokerId, opener(router));
        }
        catch (InvocationTargetException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            String shown = argv.toString();
            shown = (shown.length() > 200) ? shown.substring(0, 200) + "...]" : shown;
            throw new MitogenException("FakeSsh.run(" + dest + ", " + shown + ") failed: " + cause.getMessage(), cause);
        }
        catch (ReflectiveOperationException ex) {
            throw new MitogenException("FakeSsh is unavailable here: " + ex, ex);
        }
    }

    private static BiFunction<Integer, Object[], CompletableFuture<Integer>> opener(Router router) {
        return (destId, a) -> router.contextFor(destId, "context " + destId).callAsync(FakeSsh::open, (Integer) a[0],
                (Integer) a[1], (Boolean) a[2], (String) a[3]).toCompletableFuture();
    }

    /** At the destination (called by its parent chain): starts a session's command; its handle. */
    private static int open(int peerId, int peerHandle, boolean subsystem, String command) throws Exception {
        Router router = Router.inChild;
        if (router == null) {
            throw new MitogenException("FakeSsh sessions open in child contexts only");
        }
        try {
            return (Integer) engine().getMethod("open", MessageRouter.class, int.class, int.class, int.class, boolean.class,
                    String.class).invoke(null, router.core, router.channels.callerId(), peerId, peerHandle, subsystem, command);
        }
        catch (InvocationTargetException ex) {
            throw (ex.getCause() instanceof Exception) ? (Exception) ex.getCause() : ex;
        }
    }

    /**
     * From {@code Router.invoke}: this context is calling {@code run} in {@code child}; until the
     * call ends, let {@code child} open sessions at the destination through this context.
     */
    static void granted(Router router, Context child, Object[] args, Receiver<?> answer) {
        if (args.length != 2 || !(args[0] instanceof Context)) {
            return;
        }
        try {
            Runnable release = (Runnable) engine().getMethod("grant", MessageRouter.class, int.class, int.class,
                    BiFunction.class).invoke(null, router.core, child.id(), ((Context) args[0]).id(), opener(router));
            answer.onArrival(release);
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            throw new MitogenException("FakeSsh is unavailable here: " + ex, ex);
        }
    }

    private static Class<?> engine() throws ClassNotFoundException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            try {
                return Class.forName(ENGINE, true, context);
            }
            catch (ClassNotFoundException ex) {
                // Not a loader that sees mitogen-core: the core's own.
            }
        }
        return Class.forName(ENGINE, true, FakeSsh.class.getClassLoader());
    }
}
