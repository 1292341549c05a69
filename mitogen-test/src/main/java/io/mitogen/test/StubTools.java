package io.mitogen.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Stand-ins for container and privilege tools that cannot run in a test ({@code kubectl},
 * {@code docker}, {@code podman}, {@code lxc-attach}, {@code incus}, {@code lxc}, {@code buildah},
 * {@code jexec}, {@code nsenter}, {@code doas}, {@code su}, ...), as the Python original's tests
 * use: one shell script, copied under each tool's name into a directory, that records its argv
 * and then runs locally the command it was given, so that a real child starts through it.
 * Leader-pid queries ({@code docker inspect}, {@code lxc-info}, {@code machinectl status}) answer
 * {@code 4242}.
 *
 * <pre>{@code
 * StubTools stubs = StubTools.in(tempDir);
 * Context box = router.docker(DockerOptions.builder().container("web").dockerPath(stubs.tool("docker")).build());
 * assertThat(stubs.invocations().get(0)).startsWith("docker", "exec", "-i");
 * }</pre>
 */
public final class StubTools {

    private final Path dir;

    private StubTools(Path dir) {
        this.dir = dir;
    }

    /** Stubs that live (and log their argv) in {@code dir}. */
    public static StubTools in(Path dir) {
        return new StubTools(dir);
    }

    /**
     * The stub for {@code tool}, made executable in the directory.
     *
     * @return its path, to pass as the tool's path option
     */
    public String tool(String tool) {
        Path path = this.dir.resolve(tool);
        try (InputStream in = StubTools.class.getResourceAsStream("stub-tool.sh")) {
            if (in == null) {
                throw new IllegalStateException("stub-tool.sh is missing from mitogen-test");
            }
            Files.write(path, in.readAllBytes());
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write the stub " + path, ex);
        }
        return path.toString();
    }

    /**
     * Every recorded invocation in order, each as its tool's name then its arguments.
     *
     * @return an empty list if no stub ran yet
     */
    public List<List<String>> invocations() {
        Path log = this.dir.resolve("argv.log");
        List<List<String>> invocations = new ArrayList<>();
        if (!Files.exists(log)) {
            return invocations;
        }
        List<String> current = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.equals("--end--")) {
                    invocations.add(current);
                    current = new ArrayList<>();
                }
                else {
                    current.add(line);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + log, ex);
        }
        return invocations;
    }

}
