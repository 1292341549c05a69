package io.mitogen.core.internal.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

/**
 * The SHA-256 of a file as it is written. A child JVM runs with C1 only (a quick start), and
 * C1 has no SHA-256 intrinsic: it hashes at about 130 MiB per CPU-second, C2 at about 1,500,
 * so for a large file hashing in Java was a child's whole transfer cost. A large file's bytes
 * also go to the machine's own {@code sha256sum}, which hashes natively on another core while
 * this thread writes; small files, and a machine without the tool, hash here.
 */
abstract class FileHash {

    /** From this size on, starting a process costs less than hashing in Java with C1. */
    static final long NATIVE_FROM = 4L * 1024 * 1024;

    private static final String TOOL = find("/usr/bin/sha256sum", "/bin/sha256sum");

    abstract void update(byte[] bytes, int offset, int length) throws IOException;

    /** The digest in hex; the hash is spent. */
    abstract String finish() throws IOException;

    /** Drops the hash of a file that will not be finished. */
    void abandon() {
    }

    /** A hash for a file of {@code size} bytes. */
    static FileHash forSize(long size) {
        if (size >= NATIVE_FROM && TOOL != null) {
            try {
                return new Native(new ProcessBuilder(TOOL).redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            catch (IOException ex) {
                // Not startable here (no fork left, a seccomp profile): hash in Java.
            }
        }
        return new InJava();
    }

    private static String find(String... candidates) {
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    /** {@link MessageDigest} in this JVM. */
    private static final class InJava extends FileHash {

        private final MessageDigest digest = Digests.sha256();

        @Override
        void update(byte[] bytes, int offset, int length) {
            this.digest.update(bytes, offset, length);
        }

        @Override
        String finish() {
            return Digests.hex(this.digest.digest());
        }
    }

    /** {@code sha256sum} reading the bytes from a pipe. */
    private static final class Native extends FileHash {

        private final Process process;

        private final OutputStream in;

        Native(Process process) {
            this.process = process;
            this.in = process.getOutputStream();
        }

        @Override
        void update(byte[] bytes, int offset, int length) throws IOException {
            this.in.write(bytes, offset, length);
        }

        @Override
        String finish() throws IOException {
            this.in.close();
            String said = new String(this.process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            try {
                if (!this.process.waitFor(30, TimeUnit.SECONDS) || this.process.exitValue() != 0
                        || !said.matches("(?s)[0-9a-f]{64} .*")) {
                    abandon();
                    throw new IOException("sha256sum failed: " + said.trim());
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                abandon();
                throw new IOException("interrupted while sha256sum finished", ex);
            }
            return said.substring(0, 64);
        }

        @Override
        void abandon() {
            this.process.destroyForcibly();
        }
    }
}
