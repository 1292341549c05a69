package io.mitogen.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.mitogen.core.Context;

/** Static methods the tests run in child JVMs. Only public API is used: it runs in another loader. */
public final class Tasks {

    private Tasks() {
    }

    public record Point(int x, int y) {
    }

    public enum Colour { RED, GREEN }

    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /** Where the first stage's jar was (fd 5 keeps it open after its directory is deleted). */
    public static String bootJarLink() throws java.io.IOException {
        return java.nio.file.Files.readSymbolicLink(java.nio.file.Paths.get("/proc/self/fd/5")).toString();
    }

    public static long parentPid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }

    public static int add(int a, int b) {
        return a + b;
    }

    public static String five(String a, int b, long c, boolean d, List<String> e) {
        return a + b + c + d + e;
    }

    public static Point flip(Point p) {
        return new Point(p.y(), p.x());
    }

    public static Map<String, List<Point>> group(List<Point> points, Colour colour) {
        return Map.of(colour.name(), points);
    }

    public static String fail(String message) {
        throw new IllegalStateException(message);
    }

    public static String sleepThenSay(long millis, String word) throws InterruptedException {
        Thread.sleep(millis);
        return word;
    }

    public static void hang() throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }

    public static String javaVersion() {
        return System.getProperty("java.version");
    }

    public static String command() {
        return ProcessHandle.current().info().commandLine().orElse("");
    }

    public static void touch(String path) throws Exception {
        Files.writeString(Path.of(path), "ran");
    }

    /** From a child: tries to make {@code other} run {@link #touch}. */
    public static String callInto(Context other, String path) {
        try {
            other.run(Tasks::touch, path);
            return "ran";
        }
        catch (RuntimeException ex) {
            return ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
    }

    public static String typeOf(Object value) {
        return (value == null) ? "null" : value.getClass().getName();
    }

    /** Writes raw bytes into this child's channel to its parent, as a hostile child could. */
    public static void writeToChannel(byte[] bytes) throws Exception {
        java.io.FileDescriptor fd = new java.io.FileDescriptor();
        java.lang.reflect.Field field = java.io.FileDescriptor.class.getDeclaredField("fd");
        field.setAccessible(true);
        field.setInt(fd, 4);
        new java.io.FileOutputStream(fd).write(bytes);
    }

    public static String logWithSlf4j(String word) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("app.tasks");
        log.debug("quiet {}", word);
        log.info("hello {}", word);
        log.error("failed {}", word, new java.io.IOException("disk full"));
        return "logged";
    }

    public static String logWithJulAndSystemLogger(String word) {
        java.util.logging.Logger.getLogger("app.jul").warning("jul says " + word);
        java.util.logging.Logger.getLogger("app.jul").fine("jul is quiet " + word);
        System.getLogger("app.sys").log(System.Logger.Level.INFO, "system logger says {0}", word);
        return "logged";
    }

    public static int print(String word) throws Exception {
        System.out.println("java says " + word);
        System.err.println("java warns " + word);
        int status = new ProcessBuilder("sh", "-c", "hostname; uptime").inheritIO().start().waitFor();
        return status + new ProcessBuilder("sh", "-c", "printf no-newline-" + word).inheritIO().start().waitFor();
    }

    public static int printLines(int lines, int width) {
        String line = "x".repeat(width);
        for (int i = 0; i < lines; i++) {
            System.out.println(line);
        }
        return lines;
    }

    public static int seq(int count) throws Exception {
        return new ProcessBuilder("seq", "1", Integer.toString(count)).inheritIO().start().waitFor();
    }

    public static long printWithoutNewline(long megabytes) {
        byte[] chunk = new byte[1024 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'y');
        for (long i = 0; i < megabytes; i++) {
            System.out.write(chunk, 0, chunk.length);
        }
        System.out.flush();
        return megabytes;
    }

    private static volatile boolean flooding;

    public static void startFlood() {
        flooding = true;
        Thread flood = new Thread(() -> {
            org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("app.flood");
            long i = 0;
            while (flooding) {
                log.info("flood record {} with some text to make it a realistic size", i++);
            }
        }, "flood");
        flood.setDaemon(true);
        flood.start();
    }

    public static void stopFlood() {
        flooding = false;
    }

    public static void logMany(int count, String marker) throws Exception {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("app.many");
        for (int i = 0; i < count; i++) {
            log.info("record {}", i);
        }
        Files.writeString(Path.of(marker), "logged");
    }

    public static byte[] echo(byte[] bytes) {
        return bytes;
    }
}
