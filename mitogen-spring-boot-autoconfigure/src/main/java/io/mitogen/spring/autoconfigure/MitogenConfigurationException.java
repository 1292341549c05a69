package io.mitogen.spring.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.origin.Origin;

import io.mitogen.core.MitogenException;

/**
 * A {@code mitogen.*} property that cannot work, found at start-up: names the key (kebab-case),
 * where it was set when known, what is wrong and what to do ({@link MitogenFailureAnalyzer}
 * shows all of it). Never contains a property's value when that value may be a secret.
 */
public class MitogenConfigurationException extends MitogenException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String action;

    private final transient @Nullable Origin origin;

    public MitogenConfigurationException(String property, String problem, String action) {
        this(property, problem, action, null);
    }

    /**
     * @param origin where the property was set (file:line), or {@code null} if not known
     */
    public MitogenConfigurationException(String property, String problem, String action, @Nullable Origin origin) {
        super(property + ": " + problem);
        this.property = property;
        this.action = action;
        this.origin = origin;
    }

    /** The property at fault, e.g. {@code mitogen.hosts.web.via}. */
    public String getProperty() {
        return this.property;
    }

    /** What to do about it. */
    public String getAction() {
        return this.action;
    }

    /** Where the property was set, e.g. {@code class path resource [application.yml] - 4:18}, or {@code null}. */
    public @Nullable Origin getOrigin() {
        return this.origin;
    }

}
