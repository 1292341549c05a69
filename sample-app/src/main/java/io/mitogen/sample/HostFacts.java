package io.mitogen.sample;

/**
 * What a host says about itself; a record, so it crosses the wire as its components.
 *
 * @param hostname the machine's name
 * @param os operating system and version
 * @param javaVersion the child JVM's version
 * @param cpus processors available to the JVM
 * @param memoryBytes the machine's memory
 * @param uptimeSeconds the machine's uptime
 * @param pid the child JVM's process id
 * @param user the account it runs as
 */
public record HostFacts(String hostname, String os, String javaVersion, int cpus, long memoryBytes,
        long uptimeSeconds, long pid, String user) {

}
