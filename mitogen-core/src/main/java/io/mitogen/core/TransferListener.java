package io.mitogen.core;

/**
 * Hears a file transfer's progress, per file, as the receiving end confirms bytes: enough for a
 * progress bar. Called on a mitogen thread (the pushing thread, or a stream's reader): keep it
 * short and never block in it.
 */
@FunctionalInterface
public interface TransferListener {

    /**
     * {@code bytesDone} of the file at {@code path} ({@code bytesTotal} in all) reached
     * {@code context}'s disk (for a pull: this one's).
     *
     * @param path the file's path relative to the tree's root, or the file's target path for a single file
     */
    void onProgress(Context context, String path, long bytesDone, long bytesTotal);

    /** The file is complete, verified and in place at its target name. */
    default void onFileDone(Context context, String path, long bytes) {
    }
}
