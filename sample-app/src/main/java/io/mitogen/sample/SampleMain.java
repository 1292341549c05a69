package io.mitogen.sample;

import io.mitogen.core.Broker;
import io.mitogen.core.Context;
import io.mitogen.core.LocalOptions;
import io.mitogen.core.Receiver;
import io.mitogen.core.Router;
import io.mitogen.core.Select;

/**
 * Starts three child JVMs on this machine (one of them through another) and asks each to
 * describe itself: three different process ids answer.
 */
public final class SampleMain {

    private SampleMain() {
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("parent: " + SampleTasks.describe());
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            Context a = router.local();
            Context b = router.local(LocalOptions.builder().remoteName("worker-b").build());
            Context c = router.local(LocalOptions.builder().via(a).build()); // started by a, routed through a

            long pid = a.call(SampleTasks::pid);
            System.out.println(a.name() + " has pid " + pid + "; 2 + 3 in " + c.name() + " is "
                    + c.call(SampleTasks::add, 2, 3));

            // Answers are printed in order of arrival.
            for (Receiver<String> r : Select.of(a.callAsync(SampleTasks::describe),
                    b.callAsync(SampleTasks::describe), c.callAsync(SampleTasks::describe))) {
                System.out.println(r.context().name() + ": " + r.get());
            }
        }
    }
}
