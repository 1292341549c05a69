package io.mitogen.core.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.mitogen.core.Broker;
import io.mitogen.core.Context;
import io.mitogen.core.Router;

/**
 * A test class's broker, master router and plain local children, started once for the class
 * and stopped after it:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MitogenFixture mitogen = MitogenFixture.withLocalChildren(2);
 *
 * @Test
 * void ...() {
 *     mitogen.child(0).call(Tasks::pid);
 * }
 * }</pre>
 *
 * <p>Registered on a static field, it starts before the class's {@code @BeforeAll} methods
 * (which may start more children with {@link #router()}: the broker stops those too) and
 * stops after its {@code @AfterAll} methods, closing the broker: every child is gone before
 * {@link NoProcessLeftBehind}, registered for every class and so run after it, checks. One
 * JVM per child for the whole class, not one per test.
 */
public final class MitogenFixture implements BeforeAllCallback, AfterAllCallback {

    private final int localChildren;

    private Broker broker;

    private Router router;

    private List<Context> children = List.of();

    /** Closed after the broker, last registered first. */
    private final Deque<AutoCloseable> afterBroker = new ArrayDeque<>();

    private MitogenFixture(int localChildren) {
        if (localChildren < 0) {
            throw new IllegalArgumentException("'localChildren' must not be negative, not " + localChildren);
        }
        this.localChildren = localChildren;
    }

    /** A broker and a master router, no child. */
    public static MitogenFixture create() {
        return new MitogenFixture(0);
    }

    /** A broker, a master router and {@code count} local children started with default options. */
    public static MitogenFixture withLocalChildren(int count) {
        return new MitogenFixture(count);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        this.broker = new Broker();
        try {
            this.router = new Router(this.broker);
            List<Context> started = new ArrayList<>();
            for (int i = 0; i < this.localChildren; i++) {
                started.add(this.router.local());
            }
            this.children = Collections.unmodifiableList(started);
        }
        catch (RuntimeException | Error ex) {
            // A child that failed to start fails the class: stop what did start now (stop() runs once).
            try {
                stop();
            }
            catch (Exception stopping) {
                ex.addSuppressed(stopping);
            }
            throw ex;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    private void stop() throws Exception {
        Broker started = this.broker;
        this.broker = null;
        this.router = null;
        this.children = List.of();
        Exception failed = null;
        try {
            if (started != null) {
                started.close();
            }
        }
        finally {
            AutoCloseable resource;
            while ((resource = this.afterBroker.pollFirst()) != null) {
                try {
                    resource.close();
                }
                catch (Exception ex) {
                    if (failed == null) {
                        failed = ex;
                    }
                    else {
                        failed.addSuppressed(ex);
                    }
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Closes {@code resource} at the end of the class, once the broker is closed and so every
     * child stopped: an ssh server the children are connected through, closed first, would cut
     * them off before they were asked to stop. Resources close last registered first.
     */
    public <T extends AutoCloseable> T closeAfterBroker(T resource) {
        running(this.broker);
        this.afterBroker.addFirst(resource);
        return resource;
    }

    /** The class's broker. */
    public Broker broker() {
        return running(this.broker);
    }

    /** The class's master router. */
    public Router router() {
        return running(this.router);
    }

    /** Local child {@code index} (from 0) of those asked for with {@link #withLocalChildren}. */
    public Context child(int index) {
        running(this.broker);
        if (index < 0 || index >= this.children.size()) {
            throw new IndexOutOfBoundsException("local child " + index + " of " + this.children.size()
                    + ": ask for more with MitogenFixture.withLocalChildren(n)");
        }
        return this.children.get(index);
    }

    /** Every local child asked for with {@link #withLocalChildren}, in the order they started. */
    public List<Context> children() {
        running(this.broker);
        return this.children;
    }

    private static <T> T running(T value) {
        if (value == null) {
            throw new IllegalStateException("the MitogenFixture runs only while its test class does: register it"
                    + " with @RegisterExtension on a static field");
        }
        return value;
    }
}
