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

    public static byte[] echo(byte[] bytes) {
        return bytes;
    }
}
