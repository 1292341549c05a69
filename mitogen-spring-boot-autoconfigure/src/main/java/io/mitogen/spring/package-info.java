/**
 * Spring Boot support for mitogen: the {@link io.mitogen.spring.Contexts} registry of named hosts.
 */
@NullMarked
package io.mitogen.spring;

import org.jspecify.annotations.NullMarked;
