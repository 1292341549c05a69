/**
 * Test support for code that uses mitogen-java: {@link io.mitogen.test.MitogenTest} (a
 * {@code Router} per test class, no child process left after it), {@link io.mitogen.test.SshTestServer}
 * (an in-process ssh server that runs real commands) and {@link io.mitogen.test.StubTools}
 * (stand-ins for container and privilege tools).
 */
package io.mitogen.test;
