package io.mitogen.core.internal.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.InflaterInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What travels to a child is decided by package: these tests read the class index and the built
 * bundle, so a class moved into the wrong package, or a package that no group names, fails here.
 */
class CoreBundleTests {

    @Test
    void everyCoreClassIsInAPackageOfOneGroup() throws IOException {
        List<String> paths = indexedClasses();
        assertThat(paths).hasSizeGreaterThan(100);
        for (String path : paths) {
            // Throws, naming the class, for a package of no group.
            CoreBundle.belongsInBundle(path);
        }
    }

    @Test
    void aClassInAPackageOfNoGroupIsABuildMistake() {
        assertThatThrownBy(() -> CoreBundle.belongsInBundle("io/mitogen/core/internal/elsewhere/Thing.class"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io/mitogen/core/internal/elsewhere/Thing.class")
                .hasMessageContaining("put it in one of");
    }

    @Test
    void theBundleCarriesBytesOnlyForItsOwnPackages() throws IOException {
        Map<String, Integer> entries = bundleEntries();
        for (String path : indexedClasses()) {
            String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
            if (path.endsWith("/package-info.class")) {
                assertThat(entries.getOrDefault(name, 0)).as("a package's Javadoc only: " + name).isZero();
            }
            else if (startsWithAny(path, CoreBundle.NOT_IN_BUNDLE)) {
                assertThat(entries).as("never named in the bundle").doesNotContainKey(name);
            }
            else if (startsWithAny(path, CoreBundle.ON_DEMAND)) {
                assertThat(entries.get(name)).as("named without bytes: " + name).isZero();
            }
            else if (startsWithAny(path, CoreBundle.IN_BUNDLE)) {
                assertThat(entries.get(name)).as("sent with its bytes: " + name).isPositive();
            }
        }
        assertThat(entries.get("io.mitogen.core.Router")).isPositive();
        assertThat(entries.get("io.mitogen.core.Select")).isZero();
        assertThat(entries.get("io.mitogen.core.SudoOptions$Builder")).isZero();
        assertThat(entries.get("io.mitogen.core.internal.transport.SudoMethod")).isZero();
        assertThat(entries).doesNotContainKey("io.mitogen.core.internal.firststage.Stage1");
    }

    @Test
    void theConstantsAreCompiledIntoTheirUsersSoNothingLoadsThem() throws Exception {
        List<Class<?>> holders = List.of(io.mitogen.core.internal.constants.Handles.class,
                io.mitogen.core.internal.constants.Timeouts.class);
        for (Class<?> holder : holders) {
            for (java.lang.reflect.Field field : holder.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                assertThat(java.lang.reflect.Modifier.isStatic(modifiers) && java.lang.reflect.Modifier.isFinal(modifiers)
                        && (field.getType().isPrimitive() || field.getType() == String.class))
                        .as(holder.getSimpleName() + "." + field.getName() + " is a compile-time constant").isTrue();
            }
            assertThat(holder.getDeclaredMethods()).as(holder.getSimpleName() + " has no code to run").isEmpty();
        }
        assertThat(indexedClasses().stream().filter((p) -> p.startsWith(CoreBundle.INTERNAL + "constants/"))
                .filter((p) -> !p.endsWith("package-info.class"))).hasSize(holders.size());
    }

    @Test
    void everyApiTypeFetchedOnDemandExists() {
        for (String name : CoreBundle.API_ON_DEMAND) {
            assertThat(exists("io.mitogen.core." + name)).as("io.mitogen.core." + name + " (listed in CoreBundle)")
                    .isTrue();
        }
    }

    private static boolean exists(String className) {
        try {
            Class.forName(className, false, CoreBundleTests.class.getClassLoader());
            return true;
        }
        catch (ClassNotFoundException ex) {
            return false;
        }
    }

    private static boolean startsWithAny(String path, List<String> prefixes) {
        return prefixes.stream().anyMatch(path::startsWith);
    }

    private static List<String> indexedClasses() throws IOException {
        try (InputStream in = CoreBundle.class.getClassLoader().getResourceAsStream(CoreBundle.INDEX)) {
            assertThat(in).as(CoreBundle.INDEX).isNotNull();
            List<String> paths = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (line.trim().endsWith(".class")) {
                    paths.add(line.trim());
                }
            }
            return paths;
        }
    }

    /** The bundle as a child reads it: class name to the length of the bytes it carries. */
    private static Map<String, Integer> bundleEntries() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CoreBundle.get().writeTo(out);
        DataInputStream header = new DataInputStream(new java.io.ByteArrayInputStream(out.toByteArray()));
        header.readInt();
        header.readInt();
        DataInputStream data = new DataInputStream(new InflaterInputStream(header));
        Map<String, Integer> entries = new HashMap<>();
        int count = data.readInt();
        for (int i = 0; i < count; i++) {
            String name = data.readUTF();
            int length = data.readInt();
            data.skipNBytes(length);
            entries.put(name, length);
        }
        return entries;
    }
}
