/**
 * The {@code mitogen} actuator endpoint: the tree of contexts.
 */
@NullMarked
package io.mitogen.spring.endpoint;

import org.jspecify.annotations.NullMarked;
