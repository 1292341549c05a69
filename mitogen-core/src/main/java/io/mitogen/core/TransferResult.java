package io.mitogen.core;

import java.time.Duration;

/**
 * What a finished file transfer moved: bytes and files, how long it took, and the SHA-256 that
 * both ends computed (the sending end over what it read, the receiving end over what it wrote;
 * a transfer whose two digests differ fails instead). For a tree, {@link #sha256()} is the
 * digest of every file's path and digest in the order sent.
 *
 * <p>A fan-out ({@link FileTransfer#push(java.nio.file.Path, java.util.Collection, String)})
 * returns one result per target, including the targets where it failed: check
 * {@link #succeeded()}, or {@link #orThrow()} to turn a failure into its exception. A failed
 * result's {@link #failure()} is why; it moved nothing that counts ({@code bytes()} and
 * {@code files()} are 0, {@code sha256()} is {@code null}), and the target keeps its old file.
 */
public final class TransferResult {

    private final Context context;

    private final String path;

    private final long bytes;

    private final int files;

    private final Duration elapsed;

    private final String sha256;

    private final MitogenException failure;

    public TransferResult(Context context, String path, long bytes, int files, Duration elapsed, String sha256) {
        this(context, path, bytes, files, elapsed, sha256, null);
    }

    private TransferResult(Context context, String path, long bytes, int files, Duration elapsed, String sha256,
            MitogenException failure) {
        this.context = context;
        this.path = path;
        this.bytes = bytes;
        this.files = files;
        this.elapsed = elapsed;
        this.sha256 = sha256;
        this.failure = failure;
    }

    /** The result of a transfer to {@code context} that failed with {@code failure}. */
    public static TransferResult failed(Context context, String path, Duration elapsed, MitogenException failure) {
        if (failure == null) {
            throw new IllegalArgumentException("'failure' must not be null");
        }
        return new TransferResult(context, path, 0, 0, elapsed, null, failure);
    }

    /** Whether the transfer completed: the file or tree is in place and both digests agreed. */
    public boolean succeeded() {
        return this.failure == null;
    }

    /** Why the transfer failed (usually a {@link FileTransferException} subclass); empty if it succeeded. */
    public java.util.Optional<MitogenException> failure() {
        return java.util.Optional.ofNullable(this.failure);
    }

    /**
     * This result if it succeeded, else throws its failure.
     *
     * @throws MitogenException the failure, as it happened at the target
     */
    public TransferResult orThrow() {
        if (this.failure != null) {
            throw this.failure;
        }
        return this;
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

    /** The SHA-256, in lower-case hex, that both ends computed; {@code null} if it failed. */
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
        if (this.failure != null) {
            return "TransferResult(" + this.context + " " + this.path + ", FAILED after " + this.elapsed.toMillis()
                    + " ms: " + this.failure.getMessage() + ")";
        }
        return "TransferResult(" + this.context + " " + this.path + ", " + this.bytes + " bytes, " + this.files
                + " files, " + this.elapsed.toMillis() + " ms, sha256=" + this.sha256 + ")";
    }
}
