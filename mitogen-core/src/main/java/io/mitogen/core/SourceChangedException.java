package io.mitogen.core;

/** The source file changed (its size or modification time) while it was being sent. */
public class SourceChangedException extends FileTransferException {

    private static final long serialVersionUID = 1L;

    public SourceChangedException(String host, String path, String reason) {
        super(host, path, reason);
    }
}
