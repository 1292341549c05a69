package io.mitogen.spring.autoconfigure;

import io.mitogen.core.MitogenException;
import io.mitogen.spring.autoconfigure.MitogenProperties.Host;

/**
 * A host with {@code connect: eager} failed to connect while the application started;
 * {@link MitogenFailureAnalyzer} reports it naming the host, how it is reached and the cause.
 */
public class EagerHostConnectException extends MitogenException {

    private static final long serialVersionUID = 1L;

    private final String host;

    private final String transport;

    EagerHostConnectException(String host, Host properties, RuntimeException cause) {
        super("mitogen host '" + host + "' (connect: eager) failed to connect: " + cause.getMessage(), cause);
        this.host = host;
        this.transport = String.valueOf(properties.getTransport()).toLowerCase(java.util.Locale.ROOT)
                + ((properties.getVia() != null) ? " via " + properties.getVia() : "");
    }

    /** The host's name under {@code mitogen.hosts}. */
    public String getHost() {
        return this.host;
    }

    /** How it is reached, e.g. {@code ssh via bastion}. */
    public String getTransport() {
        return this.transport;
    }

}
