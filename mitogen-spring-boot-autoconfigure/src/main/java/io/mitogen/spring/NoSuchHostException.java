package io.mitogen.spring;

import java.util.Set;

import io.mitogen.core.MitogenException;

/**
 * No host of that name is configured under {@code mitogen.hosts}: a caller's mistake (a web
 * application answers 404), unlike {@link HostUnavailableException}, a host that exists but
 * cannot be used now (503).
 */
public class NoSuchHostException extends MitogenException {

    private static final long serialVersionUID = 1L;

    private final String name;

    /**
     * @param name the name asked for
     * @param known the configured names
     */
    public NoSuchHostException(String name, Set<String> known) {
        super("no host named '" + name + "' in mitogen.hosts; known hosts: " + known);
        this.name = name;
    }

    /** The name asked for. */
    public String getName() {
        return this.name;
    }

}
