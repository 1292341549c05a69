/**
 * Internal, on demand: how each connection method other than local starts its child (sudo, su,
 * doas, containers, setns), the boot command line, the handshake, prompts and boot failures.
 * A child fetches these the first time it starts a child of its own.
 */
package io.mitogen.core.internal.transport;
