package io.mitogen.spring;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.mitogen.core.Context;

/**
 * A snapshot of one named host: its state, its context when connected, and why it failed.
 *
 * @param name the host's name in {@code mitogen.hosts}
 * @param method how it is reached, e.g. {@code ssh}
 * @param via the name of the host that starts it, or {@code null}
 * @param state where it stands
 * @param context the connected context, or {@code null}
 * @param lastError the last connection failure or loss, or {@code null} (never contains a secret)
 * @param since when it entered this state
 * @param failures connection failures in a row
 */
public record HostStatus(String name, String method, @Nullable String via, HostState state, @Nullable Context context,
        @Nullable String lastError, Instant since, int failures) {

}
