package io.mitogen.core;

/** The target's directory does not exist and {@code TransferOptions.createDirectories(false)} forbade creating it. */
public class TargetDirectoryMissingException extends FileTransferException {

    private static final long serialVersionUID = 1L;

    public TargetDirectoryMissingException(String host, String path, String reason) {
        super(host, path, reason);
    }
}
