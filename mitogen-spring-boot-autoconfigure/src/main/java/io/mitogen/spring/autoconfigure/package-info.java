/**
 * Spring Boot auto-configuration for mitogen-java.
 *
 * <p>The auto-configuration itself (configuration properties, the {@code Broker} and
 * {@code Router} beans, contexts declared in properties and their health) arrives with the
 * Spring Boot issue; until then this module only fixes the build and its dependencies.
 */
package io.mitogen.spring.autoconfigure;
