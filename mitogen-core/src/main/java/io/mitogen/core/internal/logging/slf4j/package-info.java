/**
 * Internal, not in the bundle: the SLF4J provider a child's remote class loader defines beside
 * SLF4J when the child's code uses it, so its records travel like the core's.
 */
package io.mitogen.core.internal.logging.slf4j;
