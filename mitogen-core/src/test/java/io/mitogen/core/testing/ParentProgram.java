package io.mitogen.core.testing;

import io.mitogen.core.Broker;
import io.mitogen.core.Context;
import io.mitogen.core.LocalOptions;
import io.mitogen.core.Mitogen;
import io.mitogen.core.Router;

/**
 * A real parent program for tests that kill or abandon the parent, or need process-wide
 * settings: it starts a child and a grandchild (via the child), prints
 * {@code PIDS <child> <grandchild>}, then: {@code wait} waits to be killed; {@code forget}
 * returns from main without closing its broker; {@code hello} has the grandchild print and log
 * and closes (run it with {@code MITOGEN_LOG_LEVEL}); {@code debug} does the same after
 * {@code router.enableDebug()}.
 */
public final class ParentProgram {

    private ParentProgram() {
    }

    public static void main(String[] args) throws Exception {
        if (!"wait".equals(args[0]) && !"forget".equals(args[0])) {
            Mitogen.logToStderr();
        }
        Broker broker = new Broker();
        Router router = new Router(broker);
        if ("monitor".equals(args[0])) {
            monitor(router, args);
            return;
        }
        if ("debug".equals(args[0])) {
            router.enableDebug();
        }
        Context child = router.local();
        Context grandchild = router.local(LocalOptions.builder().via(child).build());
        System.out.println("PIDS " + child.call(Tasks::pid) + " " + grandchild.call(Tasks::pid));
        System.out.flush();
        if ("wait".equals(args[0])) {
            Thread.sleep(Long.MAX_VALUE);
        }
        if ("hello".equals(args[0]) || "debug".equals(args[0])) {
            grandchild.call(Tasks::print, "hello");
            grandchild.call(Tasks::logWithSlf4j, "hello");
            broker.close();
        }
    }

    /**
     * {@code monitor <socket> <log file> [java]}: starts d and w1 (through d), prints
     * {@code PIDS <d> <w1>}, makes d the seeds' monitoring master listening on the socket, prints
     * {@code MONITOR} once d is detached, then waits to be killed.
     */
    private static void monitor(Router router, String[] args) throws Exception {
        LocalOptions.Builder options = LocalOptions.builder();
        if (args.length > 3) {
            options.javaPath(args[3]);
        }
        Context d = router.local(options.build());
        Context w1 = router.local(LocalOptions.builder().via(d).build());
        System.out.println("PIDS " + d.call(Tasks::pid) + " " + w1.call(Tasks::pid));
        System.out.flush();
        d.runNoReply(DetachTasks::becomeMonitorLoggingTo, java.util.List.of(w1), args[1], args[2]);
        System.out.println("MONITOR " + d.call(DetachTasks::isDetached));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
