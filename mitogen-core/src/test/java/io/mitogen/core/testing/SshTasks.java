package io.mitogen.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Static methods the ssh tests run in child JVMs (public API only: they run in another loader). */
public final class SshTasks {

    private SshTasks() {
    }

    /** Bytes received: for parent-to-child throughput. */
    public static int length(byte[] bytes) {
        return bytes.length;
    }

    public static String user() {
        return System.getProperty("user.name");
    }

    public static String home() {
        return System.getProperty("user.home");
    }

    public static boolean exists(String path) {
        return Files.exists(Path.of(path));
    }

    /** The machine's name (a network namespace host has its own). */
    public static String hostname() throws Exception {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    }

    /** An environment variable, e.g. {@code SSH_CONNECTION}: where sshd saw the connection come from. */
    public static String env(String name) {
        return String.valueOf(System.getenv(name));
    }

    /** What MINA SSHD found for its cryptography in this JVM. */
    public static String minaSecurity() {
        return "bouncycastle=" + org.apache.sshd.common.util.security.SecurityUtils.isBouncyCastleRegistered() + " eddsa="
                + org.apache.sshd.common.util.security.SecurityUtils.isEDDSACurveSupported();
    }
}
