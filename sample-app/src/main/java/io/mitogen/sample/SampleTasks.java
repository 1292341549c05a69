package io.mitogen.sample;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Static methods the sample calls in its child JVMs. Their classes are sent to each child on
 * first use; nothing is installed there.
 */
public final class SampleTasks {

    private SampleTasks() {
    }

    /** The process id of the JVM this runs in. */
    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /** One line about this JVM, e.g. {@code pid 123 on box, Java 17.0.15, 2 CPUs, user root}. */
    public static String describe() {
        return "pid " + pid() + " on " + hostname() + ", Java " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, user "
                + System.getProperty("user.name");
    }

    /** The sum of {@code a} and {@code b}, computed wherever this is called. */
    public static int add(int a, int b) {
        return a + b;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            return "an unnamed host";
        }
    }
}
