/**
 * Internal, in every child's bundle: routing. {@code MessageRouter} delivers each message to a
 * local handler or the stream towards its destination, and refuses what a stream may not claim;
 * {@code Stream} reads and writes frames on one link.
 */
package io.mitogen.core.internal.router;
