/**
 * Benchmarks for mitogen-java that print figures: start-up of children, round trips, throughput.
 * They are run by hand with {@code java -jar mitogen-benchmarks/target/mitogen-benchmarks.jar}
 * and are not tests.
 */
package io.mitogen.benchmarks;
