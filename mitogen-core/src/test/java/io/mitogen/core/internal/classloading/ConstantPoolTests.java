package io.mitogen.core.internal.classloading;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.mitogen.core.testing.LibraryTasks;

import static org.assertj.core.api.Assertions.assertThat;

/** The constant pool scanner finds what a class refers to, and survives garbage. */
class ConstantPoolTests {

    @Test
    void findsClassesFieldAndMethodTypesSignaturesAndNestedClasses() throws Exception {
        Set<String> names = ConstantPool.referencedClasses(bytesOf(LibraryTasks.class));
        assertThat(names).contains(
                "org.apache.commons.lang3.StringUtils",           // invoked
                "org.apache.commons.lang3.builder.ToStringStyle",  // field type read from a static field
                "org.apache.commons.lang3.tuple.Pair",             // method return type
                "org.apache.commons.lang3.mutable.MutableInt",     // instantiated
                "io.mitogen.core.testing.LibraryTasks$Shade")      // nested class
                .doesNotContain(LibraryTasks.class.getName())
                .noneMatch((name) -> name.startsWith("java.") || name.contains("/") || name.startsWith("["));
    }

    @Test
    void findsTypesOnlyNamedInGenericSignatures() throws Exception {
        Set<String> names = ConstantPool.referencedClasses(bytesOf(Generic.class));
        assertThat(names).contains("io.mitogen.core.testing.Greeter", "io.mitogen.core.testing.Lonely");
    }

    @Test
    void arraysOfClassesNameTheirElementType() throws Exception {
        assertThat(ConstantPool.referencedClasses(bytesOf(Generic.class))).contains("io.mitogen.core.testing.EnglishGreeter");
    }

    @Test
    void garbageAndTruncatedFilesGiveWhatWasReadAndNoException() throws Exception {
        assertThat(ConstantPool.referencedClasses(new byte[0])).isEmpty();
        assertThat(ConstantPool.referencedClasses("not a class file at all".getBytes())).isEmpty();
        byte[] whole = bytesOf(LibraryTasks.class);
        for (int cut : new int[] { 10, 11, 100, whole.length / 2, whole.length - 1 }) {
            assertThat(ConstantPool.referencedClasses(Arrays.copyOf(whole, cut))).isNotNull();
        }
        byte[] corrupt = whole.clone();
        corrupt[10] = 99; // an unknown constant tag
        assertThat(ConstantPool.referencedClasses(corrupt)).isEmpty();
    }

    static byte[] bytesOf(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Greeter and Lonely appear only in signatures here, never in code. */
    static final class Generic {

        java.util.List<io.mitogen.core.testing.Greeter> greeters;

        io.mitogen.core.testing.EnglishGreeter[][] grid;

        java.util.Map<String, java.util.List<io.mitogen.core.testing.Lonely>> lonely() {
            return null;
        }
    }
}
