/**
 * Internal, in every child's bundle: the wire format. Frames (header and payload, size limits),
 * the value codec over a closed set of types, and the well-known handles.
 */
package io.mitogen.core.internal.wire;
