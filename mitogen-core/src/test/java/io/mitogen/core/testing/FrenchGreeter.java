package io.mitogen.core.testing;

/** A {@link Greeter} found through {@link java.util.ServiceLoader}. */
public final class FrenchGreeter implements Greeter {

    @Override
    public String greet(String name) {
        return "Bonjour, " + name;
    }
}
