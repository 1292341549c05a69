package io.mitogen.sample;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

import io.mitogen.core.Sender;

/**
 * What the sample runs on its hosts. The class reaches each child on first use; nothing is
 * installed there.
 */
public final class HostTasks {

    private HostTasks() {
    }

    /** Facts about the machine and JVM this runs in. */
    public static HostFacts facts() throws IOException {
        // Forwarded to the application's log, with the trace id of the request that asked.
        System.getLogger(HostTasks.class.getName()).log(System.Logger.Level.INFO, "reading facts of {0}", hostname());
        return new HostFacts(hostname(), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), memoryBytes(),
                uptimeSeconds(), ProcessHandle.current().pid(), System.getProperty("user.name"));
    }

    /** Bytes used by the files under {@code path}; what cannot be read is counted, not fatal. */
    public static DiskUsage diskUsage(String path) throws IOException {
        Path root = directory(path);
        long[] totals = new long[3];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                totals[0] += attributes.size();
                totals[1]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException ex) {
                totals[2]++;
                return FileVisitResult.CONTINUE;
            }
        });
        return new DiskUsage(path, totals[0], totals[1], totals[2]);
    }

    /**
     * Sends the path of each regular file under {@code path} whose name matches the glob
     * {@code name}, as it is found, until {@code limit} were sent or the caller stops listening;
     * returns how many were sent.
     */
    public static int find(Sender<String> found, String path, String name, int limit) throws IOException {
        Path root = directory(path);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
        int[] sent = new int[1];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (!found.isOpen() || sent[0] >= limit) {
                    return FileVisitResult.TERMINATE;
                }
                if (attributes.isRegularFile() && matcher.matches(file.getFileName())) {
                    found.send(file.toString());
                    sent[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException ex) {
                return FileVisitResult.CONTINUE;
            }
        });
        return sent[0];
    }

    /** The directory at {@code path}; an error that says so if there is none on this host. */
    private static Path directory(String path) {
        Path root = Path.of(path);
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(path + " is not a directory here");
        }
        return root;
    }

    private static String hostname() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    }

    private static long memoryBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    private static long uptimeSeconds() throws IOException {
        List<String> fields = List.of(Files.readString(Path.of("/proc/uptime")).trim().split(" "));
        return (long) Double.parseDouble(fields.get(0));
    }

}
