package io.mitogen.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.logging.LogForwarder;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.Message;

/**
 * Runs {@code CALL_FUNCTION} messages in a child, one at a time and in order of arrival, on the
 * child's main thread (as the Python original does), so the broker and stream threads stay
 * free: shutdown still works while a call hangs.
 */
final class CallRunner {

    private static final Log log = Log.get(CallRunner.class);

    private static final Message STOP = new Message(0, 0, 0, 0, 0, null);

    private final Router router;

    private final ClassLoader loader;

    private final LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>();

    private final Map<String, Method> methods = new ConcurrentHashMap<>();

    private final LogForwarder logs;

    CallRunner(Router router, ClassLoader loader, LogForwarder logs) {
        this.router = router;
        this.loader = loader;
        this.logs = logs;
    }

    void enqueue(Message call) {
        this.router.channels.callQueued();
        this.queue.add(call);
    }

    void stop() {
        this.queue.add(STOP);
    }

    /** Runs calls until {@link #stop()}. */
    void runUntilStopped() throws InterruptedException {
        Thread.currentThread().setContextClassLoader(this.loader);
        Message call;
        while ((call = this.queue.take()) != STOP) {
            run(call);
        }
    }

    private void run(Message call) {
        Object result = null;
        Throwable failure = null;
        this.router.channels.beginCall(call.srcId);
        try {
            result = invoke(call);
        }
        catch (InvocationTargetException ex) {
            failure = (ex.getCause() != null) ? ex.getCause() : ex;
        }
        catch (Throwable ex) {
            failure = ex;
        }
        finally {
            // Before the reply: the caller's channel sees its senders end before the call does.
            this.router.channels.endCall();
            LogForwarder.TRACE.remove();
        }
        if (call.replyTo <= 0) {
            if (failure != null) {
                log.error("a call from context {} failed (the caller is not waiting for it)", call.srcId, failure);
            }
            return;
        }
        // What the call logged goes first: the caller sees its logs before its result.
        this.logs.flush();
        this.router.calls.reply(call, (failure != null) ? failure : result);
    }

    private Object invoke(Message call) throws Exception {
        Codec.Reader in = this.router.codec.reader(call);
        String className = in.readString();
        String methodName = in.readString();
        String descriptor = in.readString();
        Method method = resolve(className, methodName, descriptor);
        Type[] types = method.getGenericParameterTypes();
        int count = in.readInt();
        if (count != types.length) {
            throw new CodecException(method + " takes " + types.length + " argument(s), the call sent " + count);
        }
        Object[] args = new Object[count];
        this.router.channels.decodingArguments(true);
        try {
            for (int i = 0; i < count; i++) {
                args[i] = in.read(types[i]);
            }
        }
        finally {
            this.router.channels.decodingArguments(false);
        }
        if (in.hasRemaining()) {
            // The caller's trace (CallObservers): what this call logs carries it.
            LogForwarder.TRACE.set(java.util.Arrays.asList(in.readString(), in.readString()));
            in.expectEnd();
        }
        return method.invoke(null, args);
    }

    private Method resolve(String className, String methodName, String descriptor) throws ReflectiveOperationException {
        String key = className + '.' + methodName + descriptor;
        Method method = this.methods.get(key);
        if (method != null) {
            return method;
        }
        Class<?> owner = Class.forName(className, true, this.loader);
        for (Method candidate : owner.getDeclaredMethods()) {
            if (candidate.getName().equals(methodName) && CallTarget.descriptorOf(candidate).equals(descriptor)
                    && java.lang.reflect.Modifier.isStatic(candidate.getModifiers())) {
                candidate.setAccessible(true);
                this.methods.put(key, candidate);
                return candidate;
            }
        }
        throw new NoSuchMethodException("no static method " + className + "." + methodName + descriptor);
    }
}
