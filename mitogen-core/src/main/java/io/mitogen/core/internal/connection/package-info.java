/**
 * Internal, in every child's bundle: the link to a child ({@code Link}) and the choice of
 * transport by method name ({@code Transports}); the local method needs nothing more.
 */
package io.mitogen.core.internal.connection;
