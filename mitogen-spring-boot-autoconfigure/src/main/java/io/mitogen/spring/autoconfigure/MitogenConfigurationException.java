package io.mitogen.spring.autoconfigure;

import io.mitogen.core.MitogenException;

/**
 * A {@code mitogen.*} property that cannot work, found at start-up: names the key, says what is
 * wrong and what to do ({@link MitogenFailureAnalyzer} shows both).
 */
public class MitogenConfigurationException extends MitogenException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String action;

    public MitogenConfigurationException(String property, String problem, String action) {
        super(property + ": " + problem);
        this.property = property;
        this.action = action;
    }

    /** The property at fault, e.g. {@code mitogen.hosts.web.via}. */
    public String getProperty() {
        return this.property;
    }

    /** What to do about it. */
    public String getAction() {
        return this.action;
    }

}
