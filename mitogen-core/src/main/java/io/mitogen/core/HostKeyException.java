package io.mitogen.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ssh server's host key was refused under {@link HostKeyPolicy#ENFORCE} (or, for a changed
 * key, {@link HostKeyPolicy#ACCEPT_NEW}): see {@link UnknownHostKeyException} and
 * {@link HostKeyMismatchException}. The message names the host as the known hosts file spells
 * it (e.g. {@code [10.0.0.5]:2222}), the key type and its SHA-256 fingerprint, as OpenSSH prints
 * them, and the file that was read.
 */
public class HostKeyException extends ConnectFailedException {

    private static final long serialVersionUID = 1L;

    /** How the host and the fingerprint appear in every message, so a relayed one can be read back. */
    private static final Pattern NAMED = Pattern.compile("host key of (\\S+) \\((\\S+) (\\S+)\\)");

    private final String host;

    private final String fingerprint;

    /**
     * @param host the host as the known hosts file names it
     * @param keyType e.g. {@code ssh-ed25519}
     * @param fingerprint e.g. {@code SHA256:Q386FRRs...}
     * @param problem what is wrong, e.g. {@code is unknown}
     */
    public HostKeyException(String host, String keyType, String fingerprint, String problem) {
        super("the host key of " + host + " (" + keyType + " " + fingerprint + ") " + problem);
        this.host = host;
        this.fingerprint = fingerprint;
    }

    /** A relayed failure (from a {@code via} context): the host and fingerprint are read off the message. */
    protected HostKeyException(String message, Throwable cause) {
        super(message, cause);
        Matcher named = NAMED.matcher(message);
        boolean found = named.find();
        this.host = found ? named.group(1) : null;
        this.fingerprint = found ? named.group(3) : null;
    }

    /** The host as the known hosts file names it, e.g. {@code [127.0.0.1]:2222}. */
    public String host() {
        return this.host;
    }

    /** The server key's SHA-256 fingerprint as OpenSSH prints it, e.g. {@code SHA256:Q386...}. */
    public String fingerprint() {
        return this.fingerprint;
    }
}
