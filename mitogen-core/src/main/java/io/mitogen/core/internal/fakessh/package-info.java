/**
 * Internal, not in the bundle: SSH client emulation behind {@link io.mitogen.core.FakeSsh} (the fake
 * {@code ssh} program, the sessions it relays, the sftp subsystem), defined beside Apache MINA SSHD.
 */
package io.mitogen.core.internal.fakessh;
