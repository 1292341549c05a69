/**
 * Auto-configuration of the per-host {@code mitogen} health contributor.
 */
@NullMarked
package io.mitogen.spring.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
