/**
 * Auto-configuration of mitogen's Micrometer metrics.
 */
@NullMarked
package io.mitogen.spring.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
