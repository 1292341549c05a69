package io.mitogen.core.internal.transport.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** This machine's name, for messages that say where a file was looked for. */
final class Machine {

    private Machine() {
    }

    /** The owner and mode of {@code file}, for a permission error; empty if they cannot be read. */
    static String describe(Path file) {
        try {
            return " (owner " + Files.getOwner(file).getName() + ", mode "
                    + java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) + ")";
        }
        catch (IOException | RuntimeException ex) {
            return "";
        }
    }

    static String hostname() {
        try {
            return new String(Files.readAllBytes(Paths.get("/proc/sys/kernel/hostname")), StandardCharsets.UTF_8).trim();
        }
        catch (IOException | RuntimeException ex) {
            return "this machine";
        }
    }
}
