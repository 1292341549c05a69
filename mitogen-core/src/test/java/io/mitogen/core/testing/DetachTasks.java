package io.mitogen.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.mitogen.core.Context;
import io.mitogen.core.ExecutionContext;
import io.mitogen.core.MitogenException;

/** What detached contexts run in the tests: the seeds' become_monitoring_master. Public API only. */
public final class DetachTasks {

    private DetachTasks() {
    }

    /** The shape: detach, listen, and keep calling children in a background thread. */
    public static void becomeMonitor(List<Context> children, String socket) {
        becomeMonitorLoggingTo(children, socket, null);
    }

    /** {@link #becomeMonitor}, with this context's log records and stdout in {@code logFile}. */
    public static void becomeMonitorLoggingTo(List<Context> children, String socket, String logFile) {
        ExecutionContext here = ExecutionContext.current();
        if (logFile != null) {
            here.detach(Path.of(logFile));
        }
        else {
            here.detach();
        }
        here.listen(Path.of(socket));
        // One round now, while the parent is there to serve the classes it needs.
        checkAll(children);
        Thread monitor = new Thread(() -> {
            while (true) {
                checkAll(children);
                try {
                    Thread.sleep(200); // the monitor's period, as in the seeds' example
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
        }, "monitor");
        monitor.setDaemon(true);
        monitor.start();
    }

    private static void checkAll(List<Context> children) {
        for (Context child : children) {
            try {
                long pid = child.call(Tasks::pid);
                System.out.println("child " + child.id() + " answered: pid " + pid);
            }
            catch (RuntimeException ex) {
                System.out.println("child " + child.id() + " failed: " + ex);
            }
        }
    }

    /** Whether this context is detached. */
    public static boolean isDetached() {
        return ExecutionContext.current().isDetached();
    }

    /** What {@code listen} says for {@code socket}: "listening", or the exception's type and message. */
    public static String tryListen(String socket) {
        try {
            ExecutionContext.current().listen(Path.of(socket));
            return "listening";
        }
        catch (MitogenException ex) {
            return ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
    }

    /** The session id of this process (field 6 of /proc/self/stat). */
    public static long sessionId() throws Exception {
        return sessionOf(ProcessHandle.current().pid());
    }

    public static long sessionOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }
}
