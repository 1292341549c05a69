package io.mitogen.core;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

import org.apache.commons.lang3.StringUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.loader.launch.JarLauncher;

import io.mitogen.core.testing.ClassLoadingProgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Children get the parent's classes wherever the parent's come from: a Maven class path, a
 * Spring Boot executable jar (nested jars, {@code java -jar app.jar}), or a single-file program
 * run from source ({@code java Program.java}, classes only in the parent's memory). Each parent
 * is a real process, on Java 17 and on 25.
 */
class ParentKindsTests {

    @TempDir
    static Path dir;

    static Path bootJar;

    static Path program;

    @BeforeAll
    static void build() throws Exception {
        bootJar = buildBootJar(dir.resolve("app.jar"));
        program = Files.createDirectories(dir.resolve("single")).resolve("Program.java");
        try (InputStream in = ParentKindsTests.class.getResourceAsStream("/single-file/Program.java.txt")) {
            Files.write(program, in.readAllBytes());
        }
    }

    @ParameterizedTest(name = "{0} parent on Java {1}")
    @CsvSource({ "maven, 17", "maven, 25", "boot, 17", "boot, 25" })
    void childLoadsALibraryTheParentHas(String kind, String version) throws Exception {
        String java = java(version);
        List<String> command = kind.equals("maven")
                ? List.of(java, "-cp", testClassPath(), ClassLoadingProgram.class.getName())
                : List.of(java, "-jar", bootJar.toString());
        Map<String, String> out = run(command);
        assertThat(out.get("SAME")).isEqualTo("true");
        assertThat(out.get("JAVA")).startsWith(version + ".");
        assertThat(out.get("LOCATION")).as("the child names the parent's code source")
                .startsWith("mitogen:").contains("commons-lang3-3.20.0.jar");
        if (kind.equals("boot")) {
            assertThat(out.get("LOCATION")).as("a nested jar of the executable jar")
                    .contains(bootJar.toString()).contains("BOOT-INF/lib/commons-lang3-3.20.0.jar");
            assertThat(out.get("PARENT_LOCATION")).contains("BOOT-INF/lib/commons-lang3-3.20.0.jar");
        }
        assertThat(out.get("VERSION")).isEqualTo("3.20.0");
        assertThat(out.get("GREETINGS")).isEqualTo("[Hello, child, Bonjour, child]");
        assertThat(out.get("HELLO")).isEqualTo("hello from the parent");
        assertThat(out.get("CONFIG")).as("application.yml is never served").isEqualTo("null");
        assertThat(out.get("STATS")).contains("refused=1");
    }

    @ParameterizedTest(name = "single-file program on Java {0}")
    @CsvSource({ "17", "25" })
    void childRunsClassesThatExistOnlyInTheParentsMemory(String version) throws Exception {
        Map<String, String> out = run(List.of(java(version), "-cp", testClassPath(), program.toString()));
        assertThat(out.get("TASK")).startsWith("HI! via " + StringUtils.class.getSimpleName())
                .contains("from mitogen:sourcelauncher-");
        assertThat(out.get("JAVA")).startsWith(version + ".");
        assertThat(out.get("NOT_ON_DISK")).as("the program's classes exist only in memory").isEqualTo("true");
    }

    /** The parent JVM for {@code version}: overridable as in {@link JavaVersionsTests}; skips if absent. */
    static String java(String version) {
        String configured = System.getenv("MITOGEN_JAVA" + version);
        String fallback = version.equals("17") ? "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"
                : "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";
        Path java = Paths.get((configured != null) ? configured : fallback);
        assumeTrue(Files.isExecutable(java), "Java " + version + " runtime absent at " + java + " (set MITOGEN_JAVA"
                + version + ")");
        return java.toString();
    }

    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Runs a parent program to its end; returns its {@code KEY value} output lines as a map. */
    static Map<String, String> run(List<String> command) throws Exception {
        Process parent = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String text = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(parent.waitFor(60, TimeUnit.SECONDS)).as("the parent program ends").isTrue();
            assertThat(parent.exitValue()).as("exit status; output:\n" + text).isZero();
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : text.split("\\R")) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    out.put(line.substring(0, space), line.substring(space + 1));
                }
            }
            System.out.println(command.get(command.size() - 1) + " on " + command.get(0) + ": " + out);
            return out;
        }
        finally {
            parent.destroyForcibly();
        }
    }

    /**
     * A real Spring Boot executable jar: the loader's classes at the root, {@code JarLauncher}
     * as Main-Class, the program's classes and resources in {@code BOOT-INF/classes}, and
     * mitogen-core and commons-lang3 as stored nested jars in {@code BOOT-INF/lib}.
     */
    static Path buildBootJar(Path target) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, JarLauncher.class.getName());
        main.putValue("Start-Class", ClassLoadingProgram.class.getName());
        main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(target), manifest)) {
            try (JarFile loader = new JarFile(codeSourceOf(JarLauncher.class).toFile())) {
                for (JarEntry entry : loader.stream().filter((e) -> e.getName().startsWith("org/"))
                        .collect(Collectors.toList())) {
                    try (InputStream in = loader.getInputStream(entry)) {
                        put(jar, entry.getName(), in.readAllBytes(), false);
                    }
                }
            }
            for (String directory : List.of("BOOT-INF/", "BOOT-INF/classes/", "BOOT-INF/lib/")) {
                // The launcher finds the classes by their directory entry, as the Boot plugin writes it.
                jar.putNextEntry(new JarEntry(directory));
                jar.closeEntry();
            }
            Path testClasses = codeSourceOf(ClassLoadingProgram.class);
            List<String> mine = List.of("io/mitogen/core/testing/", "META-INF/services/io.mitogen.core.testing.Greeter",
                    "data/hello.txt", "application.yml");
            for (Path file : files(testClasses)) {
                String name = testClasses.relativize(file).toString().replace(File.separatorChar, '/');
                if (mine.stream().anyMatch(name::startsWith)) {
                    put(jar, "BOOT-INF/classes/" + name, Files.readAllBytes(file), false);
                }
            }
            Path core = codeSourceOf(Router.class);
            put(jar, "BOOT-INF/lib/mitogen-core.jar", Files.isDirectory(core) ? jarOf(core) : Files.readAllBytes(core), true);
            Path lang = codeSourceOf(StringUtils.class);
            put(jar, "BOOT-INF/lib/" + lang.getFileName(), Files.readAllBytes(lang), true);
        }
        return target;
    }

    private static void put(JarOutputStream jar, String name, byte[] bytes, boolean stored) throws IOException {
        JarEntry entry = new JarEntry(name);
        if (stored) {
            // Boot reads nested jars in place, so they must be stored, not deflated.
            CRC32 crc = new CRC32();
            crc.update(bytes);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(bytes.length);
            entry.setCompressedSize(bytes.length);
            entry.setCrc(crc.getValue());
        }
        jar.putNextEntry(entry);
        jar.write(bytes);
        jar.closeEntry();
    }

    private static byte[] jarOf(Path classes) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            for (Path file : files(classes)) {
                put(jar, classes.relativize(file).toString().replace(File.separatorChar, '/'), Files.readAllBytes(file), false);
            }
        }
        return bytes.toByteArray();
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    private static Path codeSourceOf(Class<?> type) throws URISyntaxException {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
