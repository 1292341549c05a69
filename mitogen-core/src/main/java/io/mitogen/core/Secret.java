package io.mitogen.core;

import java.util.Objects;

/**
 * A string that never prints: passwords and other secrets travel as {@code Secret} so that they
 * do not appear in logs, exception messages, {@code toString()} or health output.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "'value' must not be null");
    }

    /** Wraps {@code value}; {@code null} gives {@code null} so optional secrets stay optional. */
    public static Secret of(String value) {
        return (value != null) ? new Secret(value) : null;
    }

    /** The secret itself; call it only where it is used, never to log it. */
    public String reveal() {
        return this.value;
    }

    @Override
    public boolean equals(Object other) {
        return (other instanceof Secret) && ((Secret) other).value.equals(this.value);
    }

    @Override
    public int hashCode() {
        return this.value.hashCode();
    }

    @Override
    public String toString() {
        return "******";
    }
}
