package io.mitogen.core.internal.bootstrap;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;

import io.mitogen.core.ChildRuntime;
import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * The first core class a child runs, called by {@link Stage1} with the raw channel: keeps the
 * core bundle (to start children of its own), reads the CONFIG frame, and hands over to the
 * runtime.
 */
public final class ChildMain {

    private ChildMain() {
    }

    /** Called reflectively by {@link Stage1}; {@code args[0]} is the name shown in {@code ps}. */
    public static void main(InputStream in, OutputStream out, byte[] bundle, int bundleRawLength, String[] args)
            throws Exception {
        CoreBundle.useReceived(bundle, bundleRawLength);
        // Stage1 read exactly the bundle, so buffering from here on loses nothing.
        DataInputStream channel = new DataInputStream(new BufferedInputStream(in, 64 * 1024));
        Message config = Frames.read(channel, new byte[Frames.HEADER_SIZE], Frames.DEFAULT_MAX_MESSAGE_SIZE);
        if (config == null || config.handle != Handles.CONFIG) {
            throw new IllegalStateException("expected the CONFIG frame from the parent, got " + config);
        }
        ChildRuntime.run(channel, out, config.payload, openFd(6));
    }

    /** The FIFO the boot command made the child's stdout (see {@link BootCommand}). */
    private static InputStream openFd(int number) throws ReflectiveOperationException {
        java.io.FileDescriptor fd = new java.io.FileDescriptor();
        java.lang.reflect.Field field = java.io.FileDescriptor.class.getDeclaredField("fd");
        field.setAccessible(true);
        field.setInt(fd, number);
        return new java.io.FileInputStream(fd);
    }
}
