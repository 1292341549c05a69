/**
 * Auto-configuration of mitogen's Observations.
 */
@NullMarked
package io.mitogen.spring.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
