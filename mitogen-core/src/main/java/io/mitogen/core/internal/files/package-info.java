/**
 * Internal: file transfer's two ends ({@link io.mitogen.core.internal.files.Source} and
 * {@link io.mitogen.core.internal.files.Sink}) and the master's served roots. The API is
 * {@link io.mitogen.core.FileTransfer}. None of this is in a child's core bundle: a child fetches
 * it the first time it sends or receives a file.
 *
 * <p>Protocol, per transfer: the receiving end (sink) registers a handle that accepts messages
 * only from the sending context; the sender (source) sends {@code OPEN} (its acknowledgement
 * handle), then per entry {@code DIR}, {@code LINK} or {@code FILE} followed by {@code DATA}
 * chunks of 128 KiB and {@code END} (the sender's SHA-256), then {@code DONE}. The sink
 * acknowledges every chunk once written; the source keeps at most a window (1 MiB) unacknowledged,
 * so memory stays constant at both ends and in every context between them, and a call's frame
 * never waits behind more than a window of file data.
 */
package io.mitogen.core.internal.files;
