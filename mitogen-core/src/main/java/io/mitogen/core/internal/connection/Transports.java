package io.mitogen.core.internal.connection;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.mitogen.core.ConnectFailedException;
import io.mitogen.core.ConnectionOptions;
import io.mitogen.core.internal.transport.ConnectionMethod;

/**
 * The connection methods of one router: process-based ones start directly ({@link ConnectionMethod});
 * {@code ssh} goes through a {@link Transport} made on first use and kept until {@link #close()}.
 *
 * <p>The ssh transport ({@code io.mitogen.core.internal.transport.ssh}) and Apache MINA SSHD are not in
 * the core bundle a child receives: a child that opens an ssh connection (a {@code via} hop)
 * loads them from its parent through remote class loading, so children that never do pay
 * nothing. Hence the transport is found by name, through {@link #useLoader the loader} that can
 * see those classes.
 */
public final class Transports {

    static final String SSH = "io.mitogen.core.internal.transport.ssh.SshTransport";

    private static volatile ClassLoader loader = Transports.class.getClassLoader();

    private Transport ssh;

    /** In a child: the loader that fetches classes beyond the core bundle from the parent. */
    public static void useLoader(ClassLoader classes) {
        loader = classes;
    }

    /** Starts the transport for {@code options}, running {@code bootCommand}. */
    public Link start(ConnectionOptions options, String bootCommand, String javaPath, Duration timeout) {
        if ("ssh".equals(options.method())) {
            return transport(SSH, options).start(options, bootCommand, javaPath, timeout);
        }
        return ConnectionMethod.startProcess(options, bootCommand, javaPath);
    }

    /** Whether no transport is open: closing would then do nothing (and load nothing). */
    public synchronized boolean isIdle() {
        return this.ssh == null;
    }

    /** Closes the transports made so far; later starts make new ones. */
    public CompletableFuture<Void> close() {
        Transport open;
        synchronized (this) {
            open = this.ssh;
            this.ssh = null;
        }
        return (open != null) ? open.close() : CompletableFuture.completedFuture(null);
    }

    private synchronized Transport transport(String className, ConnectionOptions options) {
        if (this.ssh == null) {
            try {
                this.ssh = (Transport) Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
            }
            catch (ClassNotFoundException | NoClassDefFoundError ex) {
                throw new ConnectFailedException("the " + options.method() + " connection method is unavailable here: "
                        + "it needs Apache MINA SSHD (org.apache.sshd:sshd-core) on the class path (" + ex + ")", ex);
            }
            catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
                Throwable cause = (ex instanceof java.lang.reflect.InvocationTargetException) ? ex.getCause() : ex;
                throw new ConnectFailedException("the " + options.method() + " connection method could not start: " + cause
                        + "; check that org.apache.sshd:sshd-core on the class path is the version mitogen-core"
                        + " was built with", cause);
            }
        }
        return this.ssh;
    }
}
