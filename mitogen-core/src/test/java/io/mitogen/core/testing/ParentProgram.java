package io.mitogen.core.testing;

import io.mitogen.core.Broker;
import io.mitogen.core.Context;
import io.mitogen.core.LocalOptions;
import io.mitogen.core.Router;

/**
 * A real parent program for tests that kill or abandon the parent: it starts a child and a
 * grandchild (via the child), prints {@code PIDS <child> <grandchild>}, then either waits to be
 * killed ({@code wait}) or returns from main without closing its broker ({@code forget}).
 */
public final class ParentProgram {

    private ParentProgram() {
    }

    public static void main(String[] args) throws Exception {
        Broker broker = new Broker();
        Router router = new Router(broker);
        Context child = router.local();
        Context grandchild = router.local(LocalOptions.builder().via(child).build());
        System.out.println("PIDS " + child.call(Tasks::pid) + " " + grandchild.call(Tasks::pid));
        System.out.flush();
        if ("wait".equals(args[0])) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
