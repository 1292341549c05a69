/**
 * Internal, in every child's bundle: the wire format. Frames (header and payload, size limits)
 * and the value codec over a closed set of types.
 */
package io.mitogen.core.internal.wire;
