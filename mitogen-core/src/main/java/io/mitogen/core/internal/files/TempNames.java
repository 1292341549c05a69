package io.mitogen.core.internal.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Temporary names for files being written, and the removal of those a dead writer left.
 *
 * <p>A context killed mid-file ({@code kill -9}, a lost machine) cannot remove its temporary
 * file. So the name says who wrote it: {@code .NAME.mitogen-HOST-PID-RANDOM.tmp}, where HOST
 * identifies this boot of this machine and this pid namespace, and PID the writing process. The
 * next transfer into the same directory removes the temporaries whose writer is dead: same HOST
 * (else its pid means nothing here: another machine sharing the file system, a container), and
 * no live process with that pid. A live writer's file is never touched; a pid reused since is
 * taken as alive (its file stays until a later sweep), never the other way round.
 */
final class TempNames {

    /** What comes between the target's name and the writer's identity. */
    static final String MARK = ".mitogen-";

    private static final String SUFFIX = ".tmp";

    /** This boot and pid namespace, short: a pid is compared only with pids of the same HOST. */
    static final String HOST = hostToken();

    private static final long PID = ProcessHandle.current().pid();

    private TempNames() {
    }

    /** The temporary name beside {@code file}, for this process. */
    static Path temporaryFor(Path file) {
        return file.resolveSibling("." + file.getFileName() + MARK + HOST + "-" + PID + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + SUFFIX);
    }

    /**
     * Removes from {@code directory} the temporaries of writers on this HOST that are dead.
     * Best effort: what cannot be read or removed (another user's) stays, silently.
     *
     * @return how many were removed
     */
    static int removeStale(Path directory) {
        int removed = 0;
        try (DirectoryStream<Path> names = Files.newDirectoryStream(directory, ".*" + MARK + "*" + SUFFIX)) {
            for (Path name : names) {
                long pid = writerOf(name.getFileName().toString());
                if (pid > 0 && pid != PID && !alive(pid) && Files.isRegularFile(name, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.deleteIfExists(name);
                        removed++;
                    }
                    catch (IOException ex) {
                        // Not ours to remove (another user's directory entry): it stays.
                    }
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // An unreadable directory: the transfer itself reports what matters.
        }
        return removed;
    }

    /** The writer's pid if {@code name} is a temporary of this HOST's form, else {@code -1}. */
    static long writerOf(String name) {
        int mark = name.lastIndexOf(MARK + HOST + "-");
        if (!name.startsWith(".") || mark < 0 || !name.endsWith(SUFFIX)) {
            return -1;
        }
        String rest = name.substring(mark + MARK.length() + HOST.length() + 1, name.length() - SUFFIX.length());
        int dash = rest.indexOf('-');
        if (dash <= 0) {
            return -1;
        }
        try {
            return Long.parseLong(rest.substring(0, dash));
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive();
    }

    /**
     * Boot id and pid namespace, hashed to 8 hex digits: two processes with equal tokens see the
     * same pids. Without /proc (not Linux) a constant that only this process's pids share would be
     * wrong, so then the token is random: nothing is ever swept, as before.
     */
    private static String hostToken() {
        try {
            String boot = new String(Files.readAllBytes(Path.of("/proc/sys/kernel/random/boot_id"))).trim();
            String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return String.format("%08x", (boot + "/" + namespace).hashCode());
        }
        catch (IOException | RuntimeException ex) {
            return "r" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 36);
        }
    }
}
