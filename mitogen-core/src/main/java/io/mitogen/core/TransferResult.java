package io.mitogen.core;

import java.time.Duration;

/**
 * What a finished file transfer moved: bytes and files, how long it took, and the SHA-256 that
 * both ends computed (the sending end over what it read, the receiving end over what it wrote;
 * a transfer whose two digests differ fails instead). For a tree, {@link #sha256()} is the
 * digest of every file's path and digest in the order sent.
 */
public final class TransferResult {

    private final Context context;

    private final String path;

    private final long bytes;

    private final int files;

    private final Duration elapsed;

    private final String sha256;

    public TransferResult(Context context, String path, long bytes, int files, Duration elapsed, String sha256) {
        this.context = context;
        this.path = path;
        this.bytes = bytes;
        this.files = files;
        this.elapsed = elapsed;
        this.sha256 = sha256;
    }

    /** The other end: the context pushed to, or pulled from. */
    public Context context() {
        return this.context;
    }

    /** The target path, where the bytes were written. */
    public String path() {
        return this.path;
    }

    /** File content bytes moved. */
    public long bytes() {
        return this.bytes;
    }

    /** Regular files written (directories and symbolic links not counted). */
    public int files() {
        return this.files;
    }

    public Duration elapsed() {
        return this.elapsed;
    }

    /** The SHA-256, in lower-case hex, that both ends computed. */
    public String sha256() {
        return this.sha256;
    }

    /** MiB per second over {@link #elapsed()}. */
    public double mebibytesPerSecond() {
        double seconds = Math.max(this.elapsed.toNanos(), 1) / 1e9;
        return this.bytes / 1048576.0 / seconds;
    }

    @Override
    public String toString() {
        return "TransferResult(" + this.context + " " + this.path + ", " + this.bytes + " bytes, " + this.files
                + " files, " + this.elapsed.toMillis() + " ms, sha256=" + this.sha256 + ")";
    }
}
