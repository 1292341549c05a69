package io.mitogen.core.testing;

import io.mitogen.core.Sender;

/** A class whose initialisation fails, so a call to it fails before its arguments are decoded. */
public final class FailingInit {

    static {
        if (Boolean.parseBoolean("true")) {
            throw new IllegalStateException("FailingInit cannot be initialised");
        }
    }

    private FailingInit() {
    }

    public static void take(Sender<Integer> out) {
        out.send(1);
    }
}
