package io.mitogen.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.mitogen.core.testing.MitogenFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Children on Java 11, 17 and 25. The core is compiled for 11; the tasks here are JDK methods
 * called by name, because the test classes themselves are compiled for 17.
 */
class JavaVersionsTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    @BeforeAll
    static void start() {
        router = mitogen.router();
    }

    @ParameterizedTest(name = "Java {0}")
    @CsvSource({
        "11, MITOGEN_JAVA11, /opt/mitogen-jdk/java-11/bin/java, run ../shared/testbed/jdk11.sh",
        "17, MITOGEN_JAVA17, /usr/lib/jvm/java-17-openjdk-amd64/bin/java, install openjdk-17-jre-headless",
        "25, MITOGEN_JAVA25, /usr/lib/jvm/temurin-25-jdk-amd64/bin/java, install a Java 25 runtime there"
    })
    void childRunsOn(String version, String variable, String defaultPath, String howToGetIt) {
        String configured = System.getenv(variable);
        Path java = Paths.get((configured != null) ? configured : defaultPath);
        assumeTrue(Files.isExecutable(java), "Java " + version + " runtime absent at " + java + " (set " + variable
                + " or " + howToGetIt + ")");
        Context child = router.local(LocalOptions.builder().javaPath(java.toString()).build());
        assertThat(child.javaVersion()).startsWith(version + ".");
        String reported = child.call(System.class, "getProperty", "java.version");
        assertThat(reported).isEqualTo(child.javaVersion());
        int sum = child.call(Integer.class, "sum", 2, 3);
        assertThat(sum).isEqualTo(5);
        // The old JVM runs the core's connection code too: a grandchild started by it.
        Context grandchild = router.local(LocalOptions.builder().via(child).build());
        assertThat(grandchild.javaVersion()).isEqualTo(child.javaVersion());
        long product = grandchild.call(Math.class, "multiplyHigh", 1L << 40, 1L << 40);
        assertThat(product).isEqualTo(1L << 16);
        // File transfer's classes (fetched on first use) run there too.
        try {
            Path source = Files.write(Files.createTempFile("mitogen-java" + version, ".bin"), new byte[300_000]);
            Path back = Paths.get(source + ".back");
            router.files().push(source, child, source + ".copy");
            assertThat(router.files().pull(child, source + ".copy", back).bytes()).isEqualTo(300_000);
            Files.delete(source);
            Files.delete(Paths.get(source + ".copy"));
            Files.delete(back);
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        child.shutdown();
        assertThat(grandchild.isConnected()).isFalse();
    }
}
