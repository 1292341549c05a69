package io.mitogen.core;

import java.io.Serializable;

/**
 * A static {@code void} method (or a lambda that captures nothing) taking 1 argument(s): what
 * {@link Context#run} runs in another context. Separate from {@link Fn1} because Java cannot
 * tell the two apart for overloaded method references.
 */
@FunctionalInterface
public interface Proc1<A1> extends Serializable {

    void apply(A1 a1) throws Exception;
}
