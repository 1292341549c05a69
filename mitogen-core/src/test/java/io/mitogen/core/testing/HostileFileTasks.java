package io.mitogen.core.testing;

import java.lang.reflect.Field;
import java.util.List;

import io.mitogen.core.internal.router.MessageRouter;
import io.mitogen.core.internal.wire.Message;

/**
 * A hostile child's side of a file transfer: raw file-protocol messages sent to a handle in its
 * parent, as a child that does not run mitogen's own Source could send them.
 */
public final class HostileFileTasks {

    private HostileFileTasks() {
    }

    /** Sends each payload to {@code handle} in context {@code to}; returns how many were sent. */
    public static int send(int to, int handle, List<byte[]> payloads) throws ReflectiveOperationException {
        Class<?> routerType = Class.forName("io.mitogen.core.Router");
        Field current = routerType.getDeclaredField("inChild");
        current.setAccessible(true);
        Object router = current.get(null);
        Field coreField = routerType.getDeclaredField("core");
        coreField.setAccessible(true);
        MessageRouter core = (MessageRouter) coreField.get(router);
        int me = core.myId();
        for (byte[] payload : payloads) {
            core.send(new Message(to, me, me, handle, 0, payload));
        }
        return payloads.size();
    }
}
