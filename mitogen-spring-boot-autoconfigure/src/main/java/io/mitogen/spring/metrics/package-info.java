/**
 * Micrometer metrics for mitogen.
 */
@NullMarked
package io.mitogen.spring.metrics;

import org.jspecify.annotations.NullMarked;
