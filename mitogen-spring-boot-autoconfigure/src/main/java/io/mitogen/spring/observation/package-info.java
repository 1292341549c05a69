/**
 * Micrometer Observations of calls to mitogen contexts.
 */
@NullMarked
package io.mitogen.spring.observation;

import org.jspecify.annotations.NullMarked;
