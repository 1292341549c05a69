package io.mitogen.core.internal.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import io.mitogen.core.DiskFullException;
import io.mitogen.core.FileAccessDeniedException;
import io.mitogen.core.FileRefusedException;
import io.mitogen.core.FileTransferException;
import io.mitogen.core.NotARegularFileException;
import io.mitogen.core.SourceChangedException;
import io.mitogen.core.TargetDirectoryMissingException;
import io.mitogen.core.TargetExistsException;
import io.mitogen.core.TransferInterruptedException;
import io.mitogen.core.internal.wire.Codec;

/** Message kinds, sizes, and failures as they cross the wire (a kind code, a path, a reason). */
final class Protocol {

    /**
     * Bytes of file content per DATA message (as upstream's FileService). This and the window
     * can be set (in KiB) with {@code -Dmitogen.files.chunkKiB} / {@code -Dmitogen.files.windowKiB}
     * at the sending end, for measurements.
     */
    static final int CHUNK = Integer.getInteger("mitogen.files.chunkKiB", 128) * 1024;

    /** Content bytes a source may have sent and not yet seen acknowledged. */
    static final long WINDOW = Integer.getInteger("mitogen.files.windowKiB", 1024) * 1024L;

    // Source to sink; the first payload byte.
    static final byte OPEN = 1;
    static final byte DIR = 2;
    static final byte LINK = 3;
    static final byte FILE = 4;
    static final byte DATA = 5;
    static final byte END = 6;
    static final byte DONE = 7;
    static final byte FAIL = 8;

    // Sink to source.
    static final byte ACK = 20;
    static final byte FILE_OK = 21;
    static final byte DONE_OK = 22;
    static final byte ERROR = 23;

    // Failure kinds.
    static final int E_OTHER = 0;
    static final int E_DIRECTORY_MISSING = 1;
    static final int E_DENIED = 2;
    static final int E_DISK_FULL = 3;
    static final int E_NOT_A_FILE = 4;
    static final int E_SOURCE_CHANGED = 5;
    static final int E_INTERRUPTED = 6;
    static final int E_EXISTS = 7;
    static final int E_REFUSED = 8;

    private Protocol() {
    }

    /** A payload: the kind byte, then what {@code body} wrote. */
    static byte[] control(Codec codec, byte kind, Codec.Writer body) {
        byte[] bytes = (body != null) ? body.toByteArray() : new byte[0];
        byte[] payload = new byte[bytes.length + 1];
        payload[0] = kind;
        System.arraycopy(bytes, 0, payload, 1, bytes.length);
        return payload;
    }

    /** A reader over a control payload's body. */
    static Codec.Reader body(Codec codec, byte[] payload) {
        return codec.reader(payload, 1, payload.length - 1);
    }

    static int kindOf(FileTransferException ex) {
        if (ex instanceof TargetDirectoryMissingException) {
            return E_DIRECTORY_MISSING;
        }
        if (ex instanceof FileAccessDeniedException) {
            return E_DENIED;
        }
        if (ex instanceof DiskFullException) {
            return E_DISK_FULL;
        }
        if (ex instanceof NotARegularFileException) {
            return E_NOT_A_FILE;
        }
        if (ex instanceof SourceChangedException) {
            return E_SOURCE_CHANGED;
        }
        if (ex instanceof TransferInterruptedException) {
            return E_INTERRUPTED;
        }
        if (ex instanceof TargetExistsException) {
            return E_EXISTS;
        }
        if (ex instanceof FileRefusedException) {
            return E_REFUSED;
        }
        return E_OTHER;
    }

    static FileTransferException failure(int kind, String host, String path, String reason) {
        switch (kind) {
            case E_DIRECTORY_MISSING:
                return new TargetDirectoryMissingException(host, path, reason);
            case E_DENIED:
                return new FileAccessDeniedException(host, path, reason);
            case E_DISK_FULL:
                return new DiskFullException(host, path, reason);
            case E_NOT_A_FILE:
                return new NotARegularFileException(host, path, reason);
            case E_SOURCE_CHANGED:
                return new SourceChangedException(host, path, reason);
            case E_INTERRUPTED:
                return new TransferInterruptedException(host, path, reason);
            case E_EXISTS:
                return new TargetExistsException(host, path, reason);
            case E_REFUSED:
                return new FileRefusedException(host, path, reason);
            default:
                return new FileTransferException(host, path, reason);
        }
    }

    /** The specific failure for an I/O error on {@code path} at {@code host}. */
    static FileTransferException classify(IOException ex, String host, String path) {
        if (ex instanceof FileTransferIOException) {
            return ((FileTransferIOException) ex).failure;
        }
        String reason = (ex instanceof FileSystemException && ((FileSystemException) ex).getReason() != null)
                ? ((FileSystemException) ex).getReason() : String.valueOf(ex.getMessage());
        if (ex instanceof AccessDeniedException || reason.contains("Permission denied")
                || reason.contains("Operation not permitted") || reason.contains("Read-only file system")) {
            return new FileAccessDeniedException(host, path, "permission denied (" + reason + ")");
        }
        if (reason.contains("No space left") || reason.contains("quota")) {
            return new DiskFullException(host, path, "no space left on the device (" + reason + ")");
        }
        if (ex instanceof NoSuchFileException) {
            return new TargetDirectoryMissingException(host, path, "no such file or directory");
        }
        if (ex instanceof NotDirectoryException || reason.contains("Not a directory") || reason.contains("Is a directory")) {
            return new NotARegularFileException(host, path, reason);
        }
        return new FileTransferException(host, path, ex.toString());
    }

    /** Carries a {@link FileTransferException} through code that throws {@link IOException}. */
    static final class FileTransferIOException extends IOException {

        private static final long serialVersionUID = 1L;

        final transient FileTransferException failure;

        FileTransferIOException(FileTransferException failure) {
            super(failure.getMessage());
            this.failure = failure;
        }
    }
}
