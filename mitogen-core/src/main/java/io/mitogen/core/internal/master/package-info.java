/**
 * Internal, on demand and in practice master-only: serving classes from the master's own class
 * loaders ({@code LoaderSource}) and handing the core's records to SLF4J ({@code Slf4jSink}).
 */
package io.mitogen.core.internal.master;
