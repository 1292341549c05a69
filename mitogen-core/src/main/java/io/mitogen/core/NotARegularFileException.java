package io.mitogen.core;

/** The path is not what a transfer expects: a directory where a file goes, a file where a directory goes, or a device, FIFO or socket. */
public class NotARegularFileException extends FileTransferException {

    private static final long serialVersionUID = 1L;

    public NotARegularFileException(String host, String path, String reason) {
        super(host, path, reason);
    }
}
