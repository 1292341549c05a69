/**
 * Health indicators for mitogen hosts.
 */
@NullMarked
package io.mitogen.spring.health;

import org.jspecify.annotations.NullMarked;
