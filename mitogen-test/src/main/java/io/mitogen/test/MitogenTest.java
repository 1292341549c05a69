package io.mitogen.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class whose tests use real child contexts: one {@link io.mitogen.core.Router} (and its
 * {@link io.mitogen.core.Broker}) for the class, injected as a parameter of the constructor,
 * {@code @BeforeAll}, {@code @BeforeEach} and test methods; after the class, the broker is
 * closed and the class fails if a process it started is still running.
 *
 * <pre>{@code
 * @MitogenTest
 * class DiskTasksTests {
 *     @Test
 *     void usageIsCountedInTheChild(Router router) {
 *         Context child = router.local();
 *         assertThat(child.call(DiskTasks::usage, "/tmp")).isPositive();
 *     }
 * }
 * }</pre>
 *
 * @see MitogenExtension
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(MitogenExtension.class)
public @interface MitogenTest {

}
