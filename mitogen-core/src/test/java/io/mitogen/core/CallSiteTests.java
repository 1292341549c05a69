package io.mitogen.core;

import java.io.File;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is refused at the call site, before anything is sent; the context keeps working. */
class CallSiteTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.withLocalChildren(1);

    static Context child;

    @BeforeAll
    static void start() {
        child = mitogen.child(0);
    }

    @Test
    void capturingLambdaIsRefused() {
        int captured = 3;
        assertThatThrownBy(() -> child.call(() -> captured + 1))
                .isInstanceOf(InvalidCallException.class)
                .hasMessageContaining("captures 1 value")
                .hasMessageContaining("pass the values as arguments");
        assertThat(child.call(Tasks::add, 1, 2)).isEqualTo(3);
    }

    @Test
    void boundMethodReferenceIsRefused() {
        String text = "abc";
        assertThatThrownBy(() -> child.call(text::length))
                .isInstanceOf(InvalidCallException.class)
                .hasMessageContaining("bound method reference");
    }

    @Test
    void instanceMethodReferenceIsRefused() {
        assertThatThrownBy(() -> child.call(String::length, "abc"))
                .isInstanceOf(InvalidCallException.class)
                .hasMessageContaining("String::length is an instance method reference");
    }

    @Test
    void argumentOutsideTheAllowedTypesIsRefused() {
        assertThatThrownBy(() -> child.call(Tasks::typeOf, new File("/")))
                .isInstanceOf(CodecException.class)
                .isInstanceOf(MitogenException.class)
                .hasMessageContaining("argument 1 of Tasks.typeOf(Object)")
                .hasMessageContaining("java.io.File");
        assertThatThrownBy(() -> child.call(Tasks::typeOf, List.of(Thread.currentThread())))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("java.lang.Thread");
        assertThat(child.call(Tasks::typeOf, List.of("ok"))).isEqualTo("java.util.ArrayList");
    }

    @Test
    void resultOutsideTheAllowedTypesIsAnErrorNotAHang() {
        assertThatThrownBy(() -> child.call(() -> new File("/")))
                .isInstanceOf(CallException.class)
                .hasMessageContaining("java.io.File");
    }

    @Test
    void unknownNamedMethodIsRefused() {
        assertThatThrownBy(() -> child.call(Tasks.class, "add", 1))
                .isInstanceOf(InvalidCallException.class)
                .hasMessageContaining("taking 1 argument");
    }

    @Test
    void nullFunctionIsRefused() {
        assertThatThrownBy(() -> child.call((Fn0<String>) null))
                .isInstanceOf(InvalidCallException.class);
    }
}
