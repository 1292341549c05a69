package io.mitogen.core;

import java.io.Serializable;

/**
 * A static method (or a lambda that captures nothing) taking 3 argument(s) and returning a value:
 * what {@link Context#call} runs in another context. It is {@link Serializable} only so that the
 * method it names can be read from it; nothing is ever serialized with Java serialization.
 */
@FunctionalInterface
public interface Fn3<A1, A2, A3, R> extends Serializable {

    R apply(A1 a1, A2 a2, A3 a3) throws Exception;
}
