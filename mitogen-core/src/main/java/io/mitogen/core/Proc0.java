package io.mitogen.core;

import java.io.Serializable;

/**
 * A static {@code void} method (or a lambda that captures nothing) taking 0 argument(s): what
 * {@link Context#run} runs in another context. Separate from {@link Fn0} because Java cannot
 * tell the two apart for overloaded method references.
 */
@FunctionalInterface
public interface Proc0 extends Serializable {

    void apply() throws Exception;
}
