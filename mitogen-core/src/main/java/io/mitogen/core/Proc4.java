package io.mitogen.core;

import java.io.Serializable;

/**
 * A static {@code void} method (or a lambda that captures nothing) taking 4 argument(s): what
 * {@link Context#run} runs in another context. Separate from {@link Fn4} because Java cannot
 * tell the two apart for overloaded method references.
 */
@FunctionalInterface
public interface Proc4<A1, A2, A3, A4> extends Serializable {

    void apply(A1 a1, A2 a2, A3 a3, A4 a4) throws Exception;
}
