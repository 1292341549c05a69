package io.mitogen.core;

import java.io.Serializable;

/**
 * A static method (or a lambda that captures nothing) taking 0 argument(s) and returning a value:
 * what {@link Context#call} runs in another context. It is {@link Serializable} only so that the
 * method it names can be read from it; nothing is ever serialized with Java serialization.
 */
@FunctionalInterface
public interface Fn0<R> extends Serializable {

    R apply() throws Exception;
}
