/**
 * Internal, not in the bundle: the first stage, a class that rides on the child's command line
 * and reads the core bundle from stdin.
 */
package io.mitogen.core.internal.firststage;
