/**
 * Internal, in every child's bundle: remote class loading. A child's {@code RemoteClassLoader}
 * asks its parent's {@code ClassServer}, which answers from what it was sent or asks further up.
 */
package io.mitogen.core.internal.classloading;
