package io.mitogen.core;

/**
 * A value cannot be encoded for, or decoded from, the wire: its type is outside the closed set
 * of types the codec carries, it does not fit the declared type, or the bytes are malformed.
 * Thrown at the call site for arguments, so nothing is sent.
 */
public class CodecException extends MitogenException {

    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
