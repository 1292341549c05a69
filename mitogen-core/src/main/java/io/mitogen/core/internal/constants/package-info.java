/**
 * Internal, named in the bundle but never loaded: the well-known handles ({@code Handles}) and the
 * runtime's safety-net timeouts ({@code Timeouts}). Every field is a compile-time constant, which
 * javac copies into each class that uses it, so no context ever fetches these classes, and a
 * stream's reading thread can use them freely. {@code CoreBundleTests} keeps it that way.
 */
package io.mitogen.core.internal.constants;
