package io.mitogen.core;

/** The master refused a child's fetch: the path is not below a root it serves, leaves one through {@code ..} or a symbolic link, or is a device file. */
public class FileRefusedException extends FileTransferException {

    private static final long serialVersionUID = 1L;

    public FileRefusedException(String host, String path, String reason) {
        super(host, path, reason);
    }
}
