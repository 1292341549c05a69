package io.mitogen.core;

/** The target exists and {@code TransferOptions.overwrite(false)} forbade replacing it. */
public class TargetExistsException extends FileTransferException {

    private static final long serialVersionUID = 1L;

    public TargetExistsException(String host, String path, String reason) {
        super(host, path, reason);
    }
}
