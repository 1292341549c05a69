package io.mitogen.core.testing;

import java.util.ArrayList;
import java.util.List;

import io.mitogen.core.Channel;
import io.mitogen.core.Context;
import io.mitogen.core.ExecutionContext;
import io.mitogen.core.LocalOptions;
import io.mitogen.core.Sender;
import io.mitogen.core.SshOptions;

/** What children run in the recursion and child-to-child tests: public API only. */
public final class RecursionTasks {

    private static Channel<String> inbox;

    private RecursionTasks() {
    }

    /** The shape: a grandchild started by this child, called and shut down. */
    public static long grandchildPid() {
        Context g = ExecutionContext.current().router().local();
        try {
            return g.call(Tasks::pid);
        }
        finally {
            g.shutdown();
        }
    }

    /** A child of this context, returned to the caller. */
    public static Context startWorker() {
        return ExecutionContext.current().router().local();
    }

    /** A child of this context started through this context's own child {@code hop}. */
    public static Context startWorkerVia(Context hop) {
        return ExecutionContext.current().router().local(LocalOptions.builder().via(hop).build());
    }

    /** A child started over ssh by this context (optionally through {@code via}), returned. */
    public static Context startSsh(List<String> hostPortUserKeyKnownHosts, Context via) {
        List<String> a = hostPortUserKeyKnownHosts;
        SshOptions.Builder options = SshOptions.builder(a.get(0)).port(Integer.parseInt(a.get(1))).username(a.get(2))
                .identityFile(java.nio.file.Path.of(a.get(3))).knownHosts(java.nio.file.Path.of(a.get(4)))
                .sshConfig(false).connectTimeout(java.time.Duration.ofSeconds(30));
        if (via != null) {
            options.via(via);
        }
        return ExecutionContext.current().router().ssh(options.build());
    }

    /** Starts {@code count} children, asks each for its pid, stops them; returns their ids. */
    public static List<Integer> startMany(int count) {
        List<Context> started = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Context child = ExecutionContext.current().router().local();
                started.add(child);
                child.call(Tasks::pid);
                ids.add(child.id());
            }
            return ids;
        }
        finally {
            started.forEach(Context::shutdown);
        }
    }

    /** This context's id, its parent's id, and whether they agree with the router's view. */
    public static String whoAmI() {
        ExecutionContext here = ExecutionContext.current();
        return here.self().id() + " under " + here.parent().id();
    }

    /** What {@code ExecutionContext.current()} says in a thread this call starts. */
    public static String whoAmIInAThread() throws InterruptedException {
        String[] seen = new String[1];
        Thread thread = new Thread(() -> seen[0] = whoAmI());
        thread.start();
        thread.join();
        return seen[0];
    }

    /** Calls {@code other} with a sum: a context this one holds, e.g. one that crossed as an argument. */
    public static int addIn(Context other, int x, int y) {
        return other.call(Tasks::add, x, y);
    }

    /** The shape: opens a channel here, keeps it, and returns its sender. */
    public static Sender<String> openInbox() {
        Channel<String> channel = ExecutionContext.current().router().channel(String.class);
        Channel<String> old = inbox;
        inbox = channel;
        if (old != null) {
            old.close();
        }
        return channel.sender();
    }

    /** The next value of the kept channel. */
    public static String takeFromInbox() {
        return inbox.get(java.time.Duration.ofSeconds(20));
    }

    /** The next value of the kept channel and the id of the context that sent it. */
    public static String takeFromInboxWithSender() {
        Channel.Item<String> item = inbox.receive(java.time.Duration.ofSeconds(20));
        return item.value() + " from " + item.context().id();
    }

    /** The shape: sends {@code text} to a sender handed here. */
    public static void sendTo(Sender<String> to, String text) {
        to.send(text);
    }

    /** Sends {@code count} numbered values. */
    public static int sendMany(Sender<String> to, int count) {
        for (int i = 0; i < count; i++) {
            to.send("v" + i);
        }
        return count;
    }

    /** Takes {@code count} values from the kept channel; returns the last. */
    public static String takeMany(int count) {
        String last = null;
        for (int i = 0; i < count; i++) {
            last = inbox.get(java.time.Duration.ofSeconds(30));
        }
        return last;
    }

    /** Tries to hand {@code to} on to {@code other}: what a context without authority over its owner gets. */
    public static String handOn(Sender<String> to, Context other) {
        try {
            other.run(RecursionTasks::sendTo, to, "handed on");
            return "handed on";
        }
        catch (RuntimeException ex) {
            return ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
    }

    /** Sends "tick" until the channel's owner closes it. */
    public static void sendUntilClosed(Sender<String> to) throws InterruptedException {
        while (to.isOpen()) {
            to.send("tick");
            Thread.sleep(5); // a periodic sender, not synchronisation: it ends when told
        }
    }

    /** Closes the kept channel. */
    public static void closeInbox() {
        Channel<String> channel = inbox;
        inbox = null;
        if (channel != null) {
            channel.close();
        }
    }

    /** What {@code ExecutionContext.current()} does here (in the master: throws). */
    public static String currentOutsideAChild() {
        try {
            return String.valueOf(ExecutionContext.current());
        }
        catch (IllegalStateException ex) {
            return ex.getMessage();
        }
    }
}
