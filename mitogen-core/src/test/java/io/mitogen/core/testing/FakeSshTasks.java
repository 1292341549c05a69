package io.mitogen.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.mitogen.core.Context;
import io.mitogen.core.FakeSsh;

/** Run in children by the FakeSsh tests: trees to compare, and runs started by child code. */
public final class FakeSshTasks {

    private FakeSshTasks() {
    }

    /** The home directory (where a fakessh command starts). */
    public static String home() {
        return System.getProperty("user.home");
    }

    /** {@code relative path, mode, mtime seconds, sha-256} of every file and directory below {@code dir}. */
    public static List<String> digest(String dir) throws Exception {
        Path root = Paths.get(dir);
        if (!root.isAbsolute()) {
            root = Paths.get(home()).resolve(dir);
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted().collect(Collectors.toList())) {
                if (p.equals(root)) {
                    continue;
                }
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (Files.isDirectory(p)) {
                    lines.add(root.relativize(p) + "/ " + mode);
                    continue;
                }
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (InputStream in = Files.newInputStream(p)) {
                    byte[] buffer = new byte[65536];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        sha.update(buffer, 0, n);
                    }
                }
                lines.add(root.relativize(p) + " " + mode + " " + Files.getLastModifiedTime(p).toMillis() / 1000 + " "
                        + HexFormat.of().formatHex(sha.digest()));
            }
        }
        return lines;
    }

    /** A tree of {@code files} files (modes 644, 600, 755; times in the past) below {@code dir}. */
    public static String makeTree(String dir, int files, int seed) throws IOException {
        Path root = Paths.get(dir);
        if (!root.isAbsolute()) {
            root = Paths.get(home()).resolve(dir);
        }
        Random random = new Random(seed);
        String[] modes = { "rw-r--r--", "rw-------", "rwxr-xr-x" };
        for (int i = 0; i < files; i++) {
            Path file = root.resolve("d" + (i % 17) + "/e" + (i % 5) + "/f" + i + ".bin");
            Files.createDirectories(file.getParent());
            byte[] bytes = new byte[random.nextInt(4096)];
            random.nextBytes(bytes);
            Files.write(file, bytes);
            Set<PosixFilePermission> mode = PosixFilePermissions.fromString(modes[i % modes.length]);
            Files.setPosixFilePermissions(file, mode);
            Files.setLastModifiedTime(file, FileTime.fromMillis(1_500_000_000_000L + i * 1000L));
        }
        return root.toString();
    }

    /** Deletes {@code dir} (relative: to the home directory). */
    public static boolean delete(String dir) throws IOException {
        Path root = Paths.get(dir);
        if (!root.isAbsolute()) {
            root = Paths.get(home()).resolve(dir);
        }
        if (!Files.exists(root)) {
            return false;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
        return true;
    }

    /** The contents of a file (relative: to the home directory), or {@code null}. */
    public static String read(String file) throws IOException {
        Path path = Paths.get(file);
        if (!path.isAbsolute()) {
            path = Paths.get(home()).resolve(file);
        }
        return Files.exists(path) ? Files.readString(path) : null;
    }

    /** Writes {@code text} to {@code file}. */
    public static boolean write(String file, String text) throws IOException {
        Files.writeString(Paths.get(file), text);
        return true;
    }

    /** A new temporary directory of this context's user. */
    public static String tempDir() throws IOException {
        return Files.createTempDirectory("fakessh-test-").toString();
    }

    /** FakeSsh private directories this JVM made and left in its temporary directory (another build on the machine may have its own). */
    public static List<String> leftovers() throws IOException {
        try (Stream<Path> all = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
            return all.map((p) -> p.getFileName().toString()).filter((n) -> n.startsWith("mitogen-fakessh-" + ProcessHandle.current().pid() + "-"))
                    .collect(Collectors.toList());
        }
    }

    /** Child code calling FakeSsh.run itself, with a destination its caller did not grant it. */
    public static int runUngranted(Context dest, List<String> argv) {
        return FakeSsh.run(dest, argv);
    }

    /** Sets (null: clears) where this context's fakessh sessions get their sftp subsystem; returns the old value. */
    public static String sftpServer(String value) {
        String property = "mitogen.fakessh.sftpServer";
        return (value == null) ? System.clearProperty(property) : System.setProperty(property, value);
    }
}
