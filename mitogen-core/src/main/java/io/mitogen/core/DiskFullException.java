package io.mitogen.core;

/** The target file system has no space left for the file (or the user is over quota). */
public class DiskFullException extends FileTransferException {

    private static final long serialVersionUID = 1L;

    public DiskFullException(String host, String path, String reason) {
        super(host, path, reason);
    }
}
