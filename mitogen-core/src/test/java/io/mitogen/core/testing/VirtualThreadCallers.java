package io.mitogen.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.mitogen.core.Broker;
import io.mitogen.core.Context;
import io.mitogen.core.Router;

/**
 * A program for Java 21 or newer: {@code args[0]} virtual threads each make a call to one real
 * child, half blocking in {@code call}, half in {@code callAsync(..).get()}, while JFR records
 * every {@code jdk.VirtualThreadPinned} event (threshold 0). Prints {@code CALLS n},
 * {@code PINNED n} and each pinned stack's top frames. With {@code pin} as {@code args[1]}, one
 * more virtual thread pins on purpose, to show that the recording sees pinning. Virtual threads are reached by
 * reflection: the tests compile for Java 17.
 */
public final class VirtualThreadCallers {

    private VirtualThreadCallers() {
    }

    /** Parks while initialised: a known pin. */
    static final class Pinning {

        static final boolean READY;

        static {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            READY = true;
        }

        private Pinning() {
        }

    }

    /** Half the callers block in {@code call}, half in {@code callAsync(..).get()}. */
    private static java.util.concurrent.Callable<Integer> call(Context child, int n) {
        return () -> (n % 2 == 0) ? child.call(Tasks::add, n, 1) : child.callAsync(Tasks::add, n, 1).get();
    }

    public static void main(String[] args) throws Exception {
        int callers = Integer.parseInt(args[0]);
        AtomicLong pinned = new AtomicLong();
        List<String> stacks = java.util.Collections.synchronizedList(new ArrayList<>());
        try (jdk.jfr.consumer.RecordingStream jfr = new jdk.jfr.consumer.RecordingStream();
                Broker broker = new Broker()) {
            jfr.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            jfr.onEvent("jdk.VirtualThreadPinned", (event) -> {
                pinned.incrementAndGet();
                if (stacks.size() < 5 && event.getStackTrace() != null) {
                    StringBuilder frames = new StringBuilder();
                    event.getStackTrace().getFrames().stream().limit(8).forEach((frame) -> frames.append("\n    at ")
                        .append(frame.getMethod().getType().getName()).append('.').append(frame.getMethod().getName()));
                    stacks.add(frames.toString());
                }
            });
            jfr.startAsync();
            Router router = new Router(broker);
            Context child = router.local();
            ExecutorService executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                .invoke(null);
            // Once on this platform thread first: loading the classes of the call sites (a JDK
            // class loader blocks there, which pins a virtual thread even on Java 25) is not the
            // call path under test.
            call(child, 0).call();
            call(child, 1).call();
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(executor.submit(call(child, i)));
            }
            long calls = 0;
            for (int i = 0; i < callers; i++) {
                if (results.get(i).get(5, TimeUnit.MINUTES) == i + 1) {
                    calls++;
                }
            }
            if (args.length > 1 && args[1].equals("pin")) {
                // The detector's own check: parking in a class initialiser pins even on Java 25.
                executor.submit(() -> Pinning.READY).get(1, TimeUnit.MINUTES);
            }
            executor.shutdown();
            // Events are delivered about once a second: wait for the ones of the calls above.
            Thread.sleep(2_000);
            System.out.println("CALLS " + calls);
            System.out.println("PINNED " + pinned.get());
            stacks.forEach((stack) -> System.out.println("STACK" + stack));
        }
    }

}
