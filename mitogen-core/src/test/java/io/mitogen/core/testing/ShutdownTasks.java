package io.mitogen.core.testing;

/** Child code for the shutdown tests: processes a call leaves running. */
public final class ShutdownTasks {

    private ShutdownTasks() {
    }

    /** Starts {@code sleep 600} from the calling thread and returns its pid. */
    public static long startSleep() throws Exception {
        return new ProcessBuilder("sleep", "600").start().pid();
    }

    /** Starts {@code sleep 600} from a thread of its own (which then ends) and returns its pid. */
    public static long startSleepOnAnotherThread() throws Exception {
        long[] pid = new long[1];
        Exception[] failed = new Exception[1];
        Thread thread = new Thread(() -> {
            try {
                pid[0] = new ProcessBuilder("sleep", "600").start().pid();
            }
            catch (Exception ex) {
                failed[0] = ex;
            }
        });
        thread.start();
        thread.join();
        if (failed[0] != null) {
            throw failed[0];
        }
        return pid[0];
    }
}
