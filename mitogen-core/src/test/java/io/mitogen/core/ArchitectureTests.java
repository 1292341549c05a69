package io.mitogen.core;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API package keeps its runtime out of sight: no public or protected member of a public API
 * type names a type under {@code io.mitogen.core.internal}, so applications can neither reach
 * the runtime nor break when it changes.
 */
class ArchitectureTests {

    private static final String INTERNAL = "io.mitogen.core.internal.";

    @Test
    void publicApiSignaturesNameNoInternalType() throws Exception {
        TreeSet<String> leaks = new TreeSet<>();
        for (Class<?> type : apiTypes()) {
            if (!isVisible(type.getModifiers())) {
                continue;
            }
            check(type + " extends", type.getGenericSuperclass(), leaks);
            for (Type implemented : type.getGenericInterfaces()) {
                check(type + " implements", implemented, leaks);
            }
            for (Method method : type.getDeclaredMethods()) {
                if (isVisible(method.getModifiers()) && !method.isSynthetic()) {
                    String where = type.getName() + "." + method.getName() + "()";
                    check(where, method.getGenericReturnType(), leaks);
                    for (Type parameter : method.getGenericParameterTypes()) {
                        check(where, parameter, leaks);
                    }
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (isVisible(constructor.getModifiers()) && !constructor.isSynthetic()) {
                    for (Type parameter : constructor.getGenericParameterTypes()) {
                        check(type.getName() + " constructor", parameter, leaks);
                    }
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (isVisible(field.getModifiers())) {
                    check(type.getName() + "." + field.getName(), field.getGenericType(), leaks);
                }
            }
        }
        assertThat(leaks).as("API members that name internal types").isEmpty();
    }

    private static boolean isVisible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(String where, Type type, TreeSet<String> leaks) {
        if (type instanceof Class) {
            Class<?> raw = (Class<?>) type;
            while (raw.isArray()) {
                raw = raw.getComponentType();
            }
            if (raw.getName().startsWith(INTERNAL)) {
                leaks.add(where + " -> " + raw.getName());
            }
        }
        else if (type instanceof ParameterizedType) {
            check(where, ((ParameterizedType) type).getRawType(), leaks);
            for (Type argument : ((ParameterizedType) type).getActualTypeArguments()) {
                check(where, argument, leaks);
            }
        }
        else if (type instanceof GenericArrayType) {
            check(where, ((GenericArrayType) type).getGenericComponentType(), leaks);
        }
        else if (type instanceof WildcardType) {
            for (Type bound : ((WildcardType) type).getUpperBounds()) {
                check(where, bound, leaks);
            }
            for (Type bound : ((WildcardType) type).getLowerBounds()) {
                check(where, bound, leaks);
            }
        }
    }

    /** Every class of the API package itself (not its sub-packages), nested ones included. */
    private static List<Class<?>> apiTypes() throws IOException, ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        try (InputStream in = Router.class.getClassLoader().getResourceAsStream("META-INF/mitogen/core-classes.txt")) {
            assertThat(in).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String path = line.trim();
                if (path.endsWith(".class") && path.lastIndexOf('/') == "io/mitogen/core".length()
                        && !path.endsWith("package-info.class")) {
                    String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
                    types.add(Class.forName(name, false, Router.class.getClassLoader()));
                }
            }
        }
        return types;
    }
}
