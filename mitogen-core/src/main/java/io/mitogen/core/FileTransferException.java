package io.mitogen.core;

/**
 * A file transfer ({@link FileTransfer}) failed: the message names the host and the path. A
 * transfer that fails leaves the old file, or nothing, at the target name, and no temporary file.
 * Subclasses say why; this class itself is thrown for the rest (a checksum that differs, an
 * unexpected I/O error).
 */
public class FileTransferException extends MitogenException {

    private static final long serialVersionUID = 1L;

    private final String host;

    private final String path;

    public FileTransferException(String host, String path, String reason) {
        super(host + ": " + path + ": " + reason);
        this.host = host;
        this.path = path;
    }

    /** The context where it failed, as its name reads in log lines. */
    public String host() {
        return this.host;
    }

    /** The path that could not be written or read, on {@link #host()}. */
    public String path() {
        return this.path;
    }
}
