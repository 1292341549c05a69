package io.mitogen.core;

import java.io.Serializable;

/**
 * A static method (or a lambda that captures nothing) taking 1 argument(s) and returning a value:
 * what {@link Context#call} runs in another context. It is {@link Serializable} only so that the
 * method it names can be read from it; nothing is ever serialized with Java serialization.
 */
@FunctionalInterface
public interface Fn1<A1, R> extends Serializable {

    R apply(A1 a1) throws Exception;
}
