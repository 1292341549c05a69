package io.mitogen.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/**
 * The shared OpenSSH test bed ({@code shared/testbed/setup.sh}, run as root; {@code .ci/run}
 * runs it): sshd on 127.0.0.1:2222 with users {@code mitotest} (key) and {@code mitopw}
 * (password). Read from {@code MITOGEN_TESTBED_*} variables, else from
 * {@code /tmp/mitogen-testbed/env.sh}; tests that need it are skipped, saying why, when it is
 * absent.
 */
public final class Testbed {

    public final String host;

    public final int port;

    public final Path key;

    public final Path knownHosts;

    public final String keyUser;

    public final String passwordUser;

    public final String password;

    private Testbed(Map<String, String> env) {
        this.host = env.get("MITOGEN_TESTBED_HOST");
        this.port = Integer.parseInt(env.get("MITOGEN_TESTBED_PORT"));
        this.key = Path.of(env.get("MITOGEN_TESTBED_KEY"));
        this.knownHosts = Path.of(env.get("MITOGEN_TESTBED_KNOWN_HOSTS"));
        this.keyUser = env.get("MITOGEN_TESTBED_KEY_USER");
        this.passwordUser = env.get("MITOGEN_TESTBED_PW_USER");
        this.password = env.get("MITOGEN_TESTBED_PW_PASSWORD");
    }

    /** The test bed, or a skipped test that says how to get one. */
    public static Testbed require() {
        Map<String, String> env = new LinkedHashMap<>();
        Path file = Path.of(System.getenv().getOrDefault("MITOGEN_TESTBED_DIR", "/tmp/mitogen-testbed"), "env.sh");
        if (Files.isReadable(file)) {
            try {
                for (String line : Files.readAllLines(file)) {
                    String trimmed = line.trim();
                    if (trimmed.startsWith("export ") && trimmed.contains("=")) {
                        String pair = trimmed.substring("export ".length());
                        int eq = pair.indexOf('=');
                        env.put(pair.substring(0, eq), pair.substring(eq + 1).replaceAll("^['\"]|['\"]$", ""));
                    }
                }
            }
            catch (IOException ex) {
                skip("OpenSSH test bed: cannot read " + file + ": " + ex);
            }
        }
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("MITOGEN_TESTBED_")) {
                env.put(name, value);
            }
        });
        if (!env.containsKey("MITOGEN_TESTBED_HOST") || !env.containsKey("MITOGEN_TESTBED_KEY")) {
            skip("OpenSSH test bed absent (no " + file + " and no MITOGEN_TESTBED_* variables): "
                    + "run 'bash ../shared/testbed/setup.sh' as root to run these tests");
        }
        Testbed testbed = new Testbed(env);
        if (!Files.isReadable(testbed.key)) {
            skip("OpenSSH test bed: cannot read its key " + testbed.key);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(testbed.host, testbed.port), 2_000);
        }
        catch (IOException ex) {
            skip("OpenSSH test bed: its sshd does not answer on " + testbed.host + ":" + testbed.port + " ("
                    + ex.getMessage() + "): run 'bash ../shared/testbed/setup.sh' as root");
        }
        return testbed;
    }

    /** Skips the test (or class), saying why where a build log shows it. */
    public static void skip(String reason) {
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }
}
