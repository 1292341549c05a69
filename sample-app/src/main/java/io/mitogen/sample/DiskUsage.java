package io.mitogen.sample;

/**
 * Disk usage under a path on one host.
 *
 * @param path the directory walked
 * @param bytes the sizes of its files, added up
 * @param files how many files
 * @param unreadable entries that could not be read
 */
public record DiskUsage(String path, long bytes, long files, long unreadable) {

}
