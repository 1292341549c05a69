package io.mitogen.core.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.mitogen.core.internal.firststage.Stage1;

/**
 * The shell command that starts a child: the first stage travels inside it as a base64 jar.
 *
 * <pre>
 * d=$(mktemp -d /dev/shm/m.XXXXXX 2&gt;/dev/null||mktemp -d ${TMPDIR:-/tmp}/m.XXXXXX 2&gt;/dev/null||...)||
 *   (echo mitogen: no writable directory ... &gt;&amp;2&amp;&amp;exit 97)&amp;&amp;echo JAR|base64 -d &gt;$d/j&amp;&amp;mkfifo $d/o&amp;&amp;
 *   exec 5&lt;$d/j 6&lt;&gt;$d/o&amp;&amp;rm -rf $d&amp;&amp;
 *   exec JAVA FLAGS -cp /dev/fd/5 io.mitogen.core.internal.firststage.Stage1 NAME 3&lt;&amp;0 4&gt;&amp;1 &lt;/dev/null 1&gt;&amp;6
 * </pre>
 *
 * <p>The private directory ({@code mktemp -d}: mode 0700) holds the jar and a FIFO; both are
 * opened (fds 5 and 6) and the directory deleted before {@code java} even starts, so nothing is
 * left behind even when {@code java} is missing or refuses its flags. The channel moves to fds
 * 3 and 4; fd 0 reads nothing; fd 1 is the FIFO, which the child reads on fd 6 and forwards as
 * {@code stdout} records, so nothing it or its subprocesses print can reach the channel. fd 2
 * stays the transport's stderr: the JVM's own start-up errors reach the parent that way. The
 * command has no quotes, {@code ;}, globs or backslashes, so
 * it survives {@code sh -c}, ssh's remote shell, sudo and su unchanged.
 */
public final class BootCommand {

    /**
     * Flags for a small, quick child; the user's {@code jvmArgs} follow and may override them.
     * The heap starts at 8 MiB and grows only as live data needs, keeping at most 30% free: by
     * default the JVM starts with 1/64 of the machine's memory (384 MiB on 24 GiB) and touches
     * all of its young generation before collecting, so a busy child grew from 41 to 139 MB
     * resident over 200,000 small calls; with these it stays near 46 MB. The maximum heap is
     * the JVM's default (a quarter of the memory), so that a child can still take a frame of
     * the maximum message size; {@code -Xmx} in {@code jvmArgs} caps it per host.
     */
    public static final String DEFAULT_JVM_FLAGS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto "
            + "-XX:-UsePerfData -Xms8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k "
            + "--add-opens java.base/java.io=ALL-UNNAMED";

    /**
     * The first stage's private directory: in the first of /dev/shm, $TMPDIR, /tmp,
     * $XDG_RUNTIME_DIR and $HOME where one can be made (a read-only root with a writable
     * /dev/shm works).
     */
    private static final String MAKE_DIR = "mktemp -d /dev/shm/m.XXXXXX 2>/dev/null||mktemp -d ${TMPDIR:-/tmp}/m.XXXXXX"
            + " 2>/dev/null||mktemp -d /tmp/m.XXXXXX 2>/dev/null||mktemp -d ${XDG_RUNTIME_DIR:-/tmp}/m.XXXXXX"
            + " 2>/dev/null||mktemp -d ${HOME:-/tmp}/m.XXXXXX 2>/dev/null";

    /** What the command prints on stderr when no directory could be made; the parent explains it. */
    public static final String NO_WRITABLE_DIR = "mitogen: no writable directory for the first stage:";

    /** The command's exit status then. */
    public static final int NO_WRITABLE_DIR_STATUS = 97;

    private static volatile String stage1Jar;

    private BootCommand() {
    }

    /**
     * The command for one child. Every argument must already be validated as free of shell
     * metacharacters.
     */
    public static String build(String javaPath, List<String> jvmArgs, String name) {
        StringBuilder cmd = new StringBuilder(4096);
        cmd.append("d=$(").append(MAKE_DIR).append(")||(echo ").append(NO_WRITABLE_DIR)
                .append(" tried /dev/shm ${TMPDIR:-/tmp} /tmp ${XDG_RUNTIME_DIR:-/tmp} ${HOME:-/tmp}>&2&&exit ")
                .append(NO_WRITABLE_DIR_STATUS).append(")&&echo ").append(stage1Jar())
                .append("|base64 -d >$d/j&&mkfifo $d/o&&exec 5<$d/j 6<>$d/o&&rm -rf $d&&exec ").append(javaPath)
                .append(' ').append(DEFAULT_JVM_FLAGS);
        for (String arg : jvmArgs) {
            cmd.append(' ').append(arg);
        }
        cmd.append(" -cp /dev/fd/5 ").append(Stage1.class.getName()).append(' ').append(name)
                .append(" 3<&0 4>&1 </dev/null 1>&6");
        return cmd.toString();
    }

    /** Base64 of a one-entry jar holding {@link Stage1}, built once. */
    static String stage1Jar() {
        String jar = stage1Jar;
        if (jar == null) {
            jar = Base64.getEncoder().encodeToString(jarOf(Stage1.class));
            stage1Jar = jar;
        }
        return jar;
    }

    private static byte[] jarOf(Class<?> type) {
        String path = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("cannot read " + path + " to build the boot command");
            }
            byte[] bytes = in.readAllBytes();
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.setLevel(9);
                ZipEntry entry = new ZipEntry(path);
                entry.setTime(0);
                zip.putNextEntry(entry);
                zip.write(bytes);
                zip.closeEntry();
            }
            return out.toByteArray();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
