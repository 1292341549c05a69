/**
 * An Apache MINA SSHD server in the test JVM that does what OpenSSH's sshd does with an exec
 * request: {@link io.mitogen.test.sshd.ShellCommand} runs it as a real process, and
 * {@link io.mitogen.test.sshd.InProcessSshd} sets a server up around it. Nothing here depends on
 * mitogen-core: core's own tests use it, and so does mitogen-test's {@code SshTestServer}, which
 * users should use instead.
 */
package io.mitogen.test.sshd;
