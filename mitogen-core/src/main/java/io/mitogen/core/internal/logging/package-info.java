/**
 * Internal, in every child's bundle: the core's own logger ({@code Log}) and the forwarding of a
 * child's log records and standard output to its parent.
 */
package io.mitogen.core.internal.logging;
