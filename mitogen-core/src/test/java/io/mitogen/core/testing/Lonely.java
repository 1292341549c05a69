package io.mitogen.core.testing;

/** A class no other class refers to, so it is never preloaded: loading it costs exactly one request. */
public final class Lonely {

    private Lonely() {
    }
}
