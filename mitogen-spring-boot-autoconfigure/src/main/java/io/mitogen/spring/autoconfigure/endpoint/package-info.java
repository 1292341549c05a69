/**
 * Auto-configuration that keeps mitogen's secrets out of actuator endpoints.
 */
@NullMarked
package io.mitogen.spring.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
