package io.mitogen.core.internal.classloading;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Resource names are checked before any policy: only relative paths inside a code source. */
class ResourceNameTests {

    @ParameterizedTest
    @ValueSource(strings = { "..", "../x", "a/../../etc/passwd", "a/..", "./a", "a/./b", "/etc/passwd", "/",
        "C:/windows/win.ini", "a\\b", "..\\..\\x", "a\u0000b", "", "a//b" })
    void refused(String name) {
        assertThat(ClassServer.resourceNameProblem(name)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "a", "META-INF/services/x.Y", "org/x/Y.class", "dir/", "a..b/c", "...", "a/.hidden", "ünï/cödé.txt" })
    void accepted(String name) {
        assertThat(ClassServer.resourceNameProblem(name)).isNull();
    }
}
