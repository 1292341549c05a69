/**
 * Internal, not in the bundle: the ssh transport over Apache MINA SSHD, defined beside that
 * library by the remote class loader of a child that opens ssh connections itself.
 */
package io.mitogen.core.internal.transport.ssh;
