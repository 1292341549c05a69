package io.mitogen.core;

/** The link to the other end was lost, or it went away, before the transfer finished. */
public class TransferInterruptedException extends FileTransferException {

    private static final long serialVersionUID = 1L;

    public TransferInterruptedException(String host, String path, String reason) {
        super(host, path, reason);
    }
}
