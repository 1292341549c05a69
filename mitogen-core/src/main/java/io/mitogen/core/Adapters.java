package io.mitogen.core;

import java.lang.reflect.Type;

import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.ValueAdapter;

/**
 * How the API's own types cross the wire. Each names no class on the wire: a {@link Context}
 * travels as its id and name, a {@link Secret} as its string, an exception as type name,
 * message, stack and cause, and arrives as a {@link CallException} (never re-created); a
 * {@link Sender} as its channel's handle and its own id.
 */
final class Adapters {

    static final int CONTEXT_TAG = Codec.TAG_EXT_0;

    static final int SECRET_TAG = Codec.TAG_EXT_1;

    static final int THROWABLE_TAG = Codec.TAG_EXT_2;

    /** Used by {@link Channels.SenderAdapter}, which needs the router's call bookkeeping. */
    static final int SENDER_TAG = Codec.TAG_EXT_3;

    /** Bounds the frames decoded from a child's exception. */
    private static final int MAX_FRAMES = 1024;

    private Adapters() {
    }

    static final class ContextAdapter implements ValueAdapter<Context> {

        private final Router router;

        ContextAdapter(Router router) {
            this.router = router;
        }

        @Override
        public Class<Context> type() {
            return Context.class;
        }

        @Override
        public int tag() {
            return CONTEXT_TAG;
        }

        @Override
        public void write(Context value, Codec.Writer out) {
            out.writeInt(value.id()).writeString(value.name());
        }

        @Override
        public Context read(Codec.Reader in, Type declared) {
            int id = in.readInt();
            String name = in.readString();
            return this.router.contextFor(id, name);
        }
    }

    static final class SecretAdapter implements ValueAdapter<Secret> {

        @Override
        public Class<Secret> type() {
            return Secret.class;
        }

        @Override
        public int tag() {
            return SECRET_TAG;
        }

        @Override
        public void write(Secret value, Codec.Writer out) {
            out.writeString(value.reveal());
        }

        @Override
        public Secret read(Codec.Reader in, Type declared) {
            return Secret.of(in.readString());
        }
    }

    static final class ThrowableAdapter implements ValueAdapter<Throwable> {

        @Override
        public Class<Throwable> type() {
            return Throwable.class;
        }

        @Override
        public int tag() {
            return THROWABLE_TAG;
        }

        @Override
        public void write(Throwable value, Codec.Writer out) {
            boolean relayed = value instanceof CallException;
            out.write(relayed ? ((CallException) value).remoteType() : value.getClass().getName());
            out.write(relayed ? ((CallException) value).remoteMessage() : value.getMessage());
            StackTraceElement[] stack = value.getStackTrace();
            int count = Math.min(stack.length, MAX_FRAMES);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                StackTraceElement frame = stack[i];
                out.write(frame.getClassName());
                out.write(frame.getMethodName());
                out.write(frame.getFileName());
                out.writeInt(frame.getLineNumber());
            }
            Throwable cause = value.getCause();
            out.write((cause != null && cause != value) ? cause : null);
        }

        @Override
        public Throwable read(Codec.Reader in, Type declared) {
            String type = (String) in.read(String.class);
            String message = (String) in.read(String.class);
            int count = in.readInt();
            if (count < 0 || count > MAX_FRAMES) {
                throw new CodecException("an exception with " + count + " stack frames (at most " + MAX_FRAMES + ")");
            }
            StackTraceElement[] stack = new StackTraceElement[count];
            for (int i = 0; i < count; i++) {
                String className = (String) in.read(String.class);
                String method = (String) in.read(String.class);
                String file = (String) in.read(String.class);
                stack[i] = new StackTraceElement(String.valueOf(className), String.valueOf(method), file, in.readInt());
            }
            CallException cause = (CallException) in.read(CallException.class);
            return new CallException(String.valueOf(type), message, stack, cause);
        }
    }
}
