package io.mitogen.core;

import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

import io.mitogen.core.internal.wire.Codec;

/**
 * What a call runs: a static method named by class, name and descriptor, read from a
 * {@link Serializable} lambda or method reference, or looked up by name. Resolved once per
 * lambda class and cached, so a call costs no reflection after the first.
 */
final class CallTarget {

    /**
     * One box per lambda class, filled from the first instance seen (reading the method needs
     * an instance; ClassValue keeps the cache from pinning classes that get unloaded).
     */
    private static final ClassValue<Object[]> BY_LAMBDA_CLASS = new ClassValue<Object[]>() {
        @Override
        protected Object[] computeValue(Class<?> type) {
            return new Object[1];
        }
    };

    final String className;

    final String methodName;

    final String descriptor;

    final Type returnType;

    final Class<?>[] parameterTypes;

    /** Where the method's class came from: the class server looks there for what children ask. */
    final ClassLoader loader;

    private final String description;

    private CallTarget(Method method) {
        this.className = method.getDeclaringClass().getName();
        this.methodName = method.getName();
        this.descriptor = descriptorOf(method);
        this.returnType = (method.getReturnType() == void.class) ? Void.class : method.getGenericReturnType();
        this.parameterTypes = method.getParameterTypes();
        this.loader = method.getDeclaringClass().getClassLoader();
        this.description = describe(method);
    }

    /** The target of a method reference or non-capturing lambda; refuses anything else. */
    static CallTarget of(Serializable function) {
        if (function == null) {
            throw new InvalidCallException("the function to call must not be null");
        }
        Object[] box = BY_LAMBDA_CLASS.get(function.getClass());
        Object target = box[0];
        if (target == null) {
            try {
                target = fromLambda(function);
            }
            catch (InvalidCallException ex) {
                target = ex;
            }
            box[0] = target;
        }
        if (target instanceof InvalidCallException) {
            InvalidCallException cached = (InvalidCallException) target;
            throw new InvalidCallException(cached.getMessage());
        }
        return (CallTarget) target;
    }

    /** The one static method of {@code type} called {@code name} that takes {@code argCount} arguments. */
    static CallTarget named(Class<?> type, String name, int argCount) {
        if (type == null || name == null) {
            throw new InvalidCallException("the class and method name to call must not be null");
        }
        List<Method> found = new ArrayList<>();
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == argCount && !method.isSynthetic()) {
                found.add(method);
            }
        }
        if (found.size() != 1) {
            throw new InvalidCallException(type.getName() + " has " + (found.isEmpty() ? "no" : found.size())
                    + " method(s) called '" + name + "' taking " + argCount + " argument(s); the string-named form needs "
                    + "exactly one (use a method reference to pick among overloads)");
        }
        Method method = found.get(0);
        if (!Modifier.isStatic(method.getModifiers())) {
            throw new InvalidCallException(describe(method) + " is an instance method; only static methods can be "
                    + "called in another context");
        }
        return new CallTarget(method);
    }

    /** Encodes the call: class, method, descriptor, then the arguments. Refuses bad arguments here. */
    Codec.Writer encode(Codec codec, Object[] args) {
        if (args.length != this.parameterTypes.length) {
            throw new InvalidCallException(this.description + " takes " + this.parameterTypes.length
                    + " argument(s), not " + args.length);
        }
        Codec.Writer out = codec.writer();
        out.writeString(this.className).writeString(this.methodName).writeString(this.descriptor);
        out.writeInt(args.length);
        for (int i = 0; i < args.length; i++) {
            try {
                out.write(args[i]);
            }
            catch (CodecException ex) {
                throw new CodecException("argument " + (i + 1) + " of " + this.description + ": " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return this.description;
    }

    static String descriptorOf(Method method) {
        return MethodType.methodType(method.getReturnType(), method.getParameterTypes()).toMethodDescriptorString();
    }

    private static Object fromLambda(Serializable function) {
        Class<?> type = function.getClass();
        SerializedLambda lambda = serializedForm(function);
        String implClass = lambda.getImplClass().replace('/', '.');
        String shown = implClass.substring(implClass.lastIndexOf('.') + 1) + "::" + lambda.getImplMethodName();
        if (lambda.getCapturedArgCount() > 0) {
            throw new InvalidCallException("the function " + shown + " captures " + lambda.getCapturedArgCount()
                    + " value(s) (a capturing lambda or a bound method reference such as obj::method); program and data "
                    + "stay apart: call a static method and pass the values as arguments");
        }
        if (lambda.getImplMethodKind() != MethodHandleInfo.REF_invokeStatic) {
            throw new InvalidCallException(shown + " is an instance method reference; only static methods run in "
                    + "another context: write a static method that takes the instance's data as arguments");
        }
        try {
            Class<?> owner = Class.forName(implClass, false, type.getClassLoader());
            for (Method method : owner.getDeclaredMethods()) {
                if (method.getName().equals(lambda.getImplMethodName())
                        && descriptorOf(method).equals(lambda.getImplMethodSignature())) {
                    return new CallTarget(method);
                }
            }
        }
        catch (ClassNotFoundException | LinkageError ex) {
            throw new InvalidCallException("cannot resolve " + shown + ": " + ex);
        }
        throw new InvalidCallException("cannot find " + shown + lambda.getImplMethodSignature());
    }

    private static SerializedLambda serializedForm(Serializable function) {
        Class<?> type = function.getClass();
        try {
            Method writeReplace = type.getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            Object replaced = writeReplace.invoke(function);
            if (replaced instanceof SerializedLambda) {
                return (SerializedLambda) replaced;
            }
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            // Falls through: not a serializable lambda.
        }
        throw new InvalidCallException(type.getName() + " is not a method reference or lambda; pass a static method "
                + "reference such as Tasks::work");
    }

    private static String describe(Method method) {
        StringBuilder out = new StringBuilder(method.getDeclaringClass().getSimpleName()).append('.')
                .append(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            out.append((i > 0) ? ", " : "").append(types[i].getSimpleName());
        }
        return out.append(')').toString();
    }
}
