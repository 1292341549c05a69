/**
 * Auto-configuration of mitogen's Broker, Router and named contexts from {@code mitogen.*} properties.
 */
@NullMarked
package io.mitogen.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
