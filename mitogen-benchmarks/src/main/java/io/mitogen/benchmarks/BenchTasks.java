package io.mitogen.benchmarks;

/** What the benchmark runs in children: as little as possible, so the figures measure mitogen. */
public final class BenchTasks {

    private BenchTasks() {
    }

    public static int noop() {
        return 0;
    }

    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /** Takes a large argument and answers with its length. */
    public static int sink(byte[] data) {
        return data.length;
    }

    /** Answers with {@code size} bytes. */
    public static byte[] source(int size) {
        return new byte[size];
    }

    private static byte[] kept;

    /** Answers with {@code size} bytes it keeps between calls: {@link #source} without the allocation. */
    public static synchronized byte[] sourceKept(int size) {
        if (kept == null || kept.length != size) {
            kept = new byte[size];
        }
        return kept;
    }

    private static jdk.jfr.Recording recording;

    /** Starts a JFR recording ("profile" settings, 1 ms method sampling) in this JVM, written to {@code file} when stopped. */
    public static synchronized String jfrStart(String file) throws Exception {
        recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        // The profile's 10-20 ms periods catch almost nothing of threads that are mostly in native code.
        recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
        recording.enable("jdk.NativeMethodSample").withPeriod(java.time.Duration.ofMillis(1));
        recording.setDestination(java.nio.file.Path.of(file));
        recording.start();
        return file;
    }

    /** Stops the recording {@link #jfrStart} started, which writes its file. */
    public static synchronized String jfrStop() {
        recording.stop();
        recording.close();
        recording = null;
        return "stopped";
    }

    /** Writes this JVM's JIT code map for Linux perf ({@code /tmp/perf-<pid>.map}, jcmd's Compiler.perfmap). */
    public static String perfMap() throws Exception {
        javax.management.ObjectName name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
        java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(name, "compilerPerfmap",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        return "/tmp/perf-" + ProcessHandle.current().pid() + ".map";
    }

    /** Sends {@code 0 .. count-1} on a channel, then returns {@code count}. */
    public static int send(io.mitogen.core.Sender<Integer> out, int count) {
        for (int i = 0; i < count; i++) {
            out.send(i);
        }
        return count;
    }

    /** Logs {@code count} records through SLF4J (forwarded to the parent). */
    public static int logRecords(int count) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("bench.records");
        for (int i = 0; i < count; i++) {
            log.info("record {} of a benchmark that measures forwarding", i);
        }
        return count;
    }

    /** Prints {@code count} lines to stdout (forwarded to the parent). */
    public static int printLines(int count) {
        for (int i = 0; i < count; i++) {
            System.out.println("line " + i + " of a benchmark that measures forwarding");
        }
        return count;
    }

    /** Touches a good part of commons-lang3: what a first call of a real task tends to cost. */
    public static String useLibrary(String text) {
        String joined = org.apache.commons.lang3.StringUtils.join(
                org.apache.commons.lang3.StringUtils.split(org.apache.commons.lang3.StringUtils.capitalize(text), ' '), ',');
        String escaped = org.apache.commons.lang3.StringEscapeUtils.escapeJava(joined);
        String random = org.apache.commons.lang3.RandomStringUtils.insecure().nextAlphabetic(4);
        return org.apache.commons.lang3.builder.ToStringBuilder.reflectionToString(
                new org.apache.commons.lang3.tuple.MutablePair<>(escaped, random.length()),
                org.apache.commons.lang3.builder.ToStringStyle.SHORT_PREFIX_STYLE)
                + org.apache.commons.lang3.time.DurationFormatUtils.formatDurationHMS(1234)
                + org.apache.commons.lang3.SystemUtils.JAVA_VERSION;
    }

    /** The child's resident set size in kB, from /proc. */
    public static long rssKb() throws Exception {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Nanoseconds for this child to start a local child of its own and call it (shutdown not counted). */
    public static long spawnGrandchild() {
        long start = System.nanoTime();
        io.mitogen.core.Context g = io.mitogen.core.ExecutionContext.current().router().local();
        g.call(BenchTasks::noop);
        long elapsed = System.nanoTime() - start;
        g.shutdown();
        return elapsed;
    }

    /** A child of this context, for the caller to use. */
    public static io.mitogen.core.Context startChild() {
        return io.mitogen.core.ExecutionContext.current().router().local();
    }

    private static io.mitogen.core.Channel<Integer> inbox;

    /** Opens a channel here and returns its sender. */
    public static io.mitogen.core.Sender<Integer> openInbox() {
        inbox = io.mitogen.core.ExecutionContext.current().router().channel(Integer.class);
        return inbox.sender();
    }

    /** Takes {@code count} values from the channel {@link #openInbox()} opened. */
    public static int takeFromInbox(int count) {
        for (int i = 0; i < count; i++) {
            inbox.get();
        }
        return count;
    }

    /** Closes that channel. */
    public static void closeInbox() {
        inbox.close();
    }
}
