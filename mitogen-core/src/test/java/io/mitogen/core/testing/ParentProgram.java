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
}
