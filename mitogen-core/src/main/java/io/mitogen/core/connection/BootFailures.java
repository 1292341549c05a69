package io.mitogen.core.connection;

import io.mitogen.core.ConnectFailedException;

/**
 * Explanations of rare start-up failures, kept out of the child's core bundle (a child fetches
 * this class only if one happens while it starts a child of its own).
 */
final class BootFailures {

    private BootFailures() {
    }

    /** The boot command found no directory it could write (see {@code BootCommand}). */
    static ConnectFailedException noWritableDirectory(String described, String details, Throwable cause) {
        return new ConnectFailedException(described + " failed to start: the target has no writable directory for"
                + " the child's first stage. It needs one, for a few KB and a moment (the jar and a FIFO, deleted"
                + " before java starts), and tries /dev/shm, $TMPDIR, /tmp, $XDG_RUNTIME_DIR and $HOME in turn;"
                + " give it one: a tmpfs on /dev/shm or /tmp (e.g. podman run --read-only keeps /dev/shm writable,"
                + " or add --tmpfs /tmp), or TMPDIR naming a writable directory" + details, cause);
    }
}
