package io.mitogen.core;

/**
 * What an ssh connection does with the server's host key, as OpenSSH's
 * {@code StrictHostKeyChecking}. The known hosts file is read on the machine that opens the
 * connection: this one, or the {@code via} context's.
 */
public enum HostKeyPolicy {

    /**
     * The key must be in the known hosts file: an unknown key is refused with
     * {@link UnknownHostKeyException}, a different one with {@link HostKeyMismatchException}
     * (OpenSSH's {@code StrictHostKeyChecking yes}). The default.
     */
    ENFORCE,

    /**
     * An unknown host's key is accepted and appended to the known hosts file; a key that differs
     * from a known one is still refused (OpenSSH's {@code StrictHostKeyChecking accept-new}).
     */
    ACCEPT_NEW,

    /**
     * Any key is accepted and nothing is written: for throw-away hosts and tests only, since it
     * lets anyone in the middle read the connection, passwords included.
     */
    IGNORE
}
