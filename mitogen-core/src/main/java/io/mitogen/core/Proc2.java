package io.mitogen.core;

import java.io.Serializable;

/**
 * A static {@code void} method (or a lambda that captures nothing) taking 2 argument(s): what
 * {@link Context#run} runs in another context. Separate from {@link Fn2} because Java cannot
 * tell the two apart for overloaded method references.
 */
@FunctionalInterface
public interface Proc2<A1, A2> extends Serializable {

    void apply(A1 a1, A2 a2) throws Exception;
}
