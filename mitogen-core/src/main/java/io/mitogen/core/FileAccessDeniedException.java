package io.mitogen.core;

/** The operating system refused to read or write the path (permission denied). */
public class FileAccessDeniedException extends FileTransferException {

    private static final long serialVersionUID = 1L;

    public FileAccessDeniedException(String host, String path, String reason) {
        super(host, path, reason);
    }
}
