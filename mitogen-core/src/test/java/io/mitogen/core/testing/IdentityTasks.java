package io.mitogen.core.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who and where a child is: run in children started through sudo, su and containers. */
public final class IdentityTasks {

    private IdentityTasks() {
    }

    public static String user() {
        return System.getProperty("user.name");
    }

    public static String home() {
        return System.getenv("HOME");
    }

    public static String cwd() {
        return Path.of("").toAbsolutePath().toString();
    }

    /** The command line of pid 1 as this child sees it: {@code sleep infinity} in the test container. */
    public static String init() throws Exception {
        return new String(Files.readAllBytes(Path.of("/proc/1/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ')
                .trim();
    }

    /** This child's mount namespace, e.g. {@code mnt:[4026531841]}. */
    public static String mountNamespace() throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
    }
}
