package io.mitogen.core.testing;

/** A service interface; providers are listed in {@code META-INF/services} of the test classes. */
public interface Greeter {

    String greet(String name);
}
