package io.mitogen.core.internal.files;

/** What one finished transfer moved, as one end saw it. */
public final class Summary {

    public final long bytes;

    public final int files;

    /** SHA-256 in hex: the file's, or for a tree the digest of every file's path and digest. */
    public final String sha256;

    Summary(long bytes, int files, String sha256) {
        this.bytes = bytes;
        this.files = files;
        this.sha256 = sha256;
    }
}
