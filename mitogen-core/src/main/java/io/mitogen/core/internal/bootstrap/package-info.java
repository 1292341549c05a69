/**
 * Internal, in every child's bundle: what runs once the first stage has read the core bundle
 * ({@code ChildMain}), and the bundle itself ({@code CoreBundle}: which class travels, decided by package).
 */
package io.mitogen.core.internal.bootstrap;
