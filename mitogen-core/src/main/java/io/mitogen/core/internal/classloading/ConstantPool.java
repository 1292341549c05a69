package io.mitogen.core.internal.classloading;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads the names of the classes a class file refers to, from its constant pool alone: the
 * {@code CONSTANT_Class} entries (superclass, interfaces, instantiated, cast and caught types,
 * nested classes) and every type named inside descriptor and signature strings (field and method
 * types, generic signatures, annotation types). The class server uses it to choose which related
 * classes travel with a requested one, so it favours speed over completeness: a name it misses
 * costs a round trip later, a name it invents is looked up and not found.
 *
 * <p>Nothing is loaded or linked; malformed input yields what was read before the damage.
 */
final class ConstantPool {

    private static final int UTF8 = 1, INTEGER = 3, FLOAT = 4, LONG = 5, DOUBLE = 6, CLASS = 7, STRING = 8,
            FIELD_REF = 9, METHOD_REF = 10, INTERFACE_METHOD_REF = 11, NAME_AND_TYPE = 12, METHOD_HANDLE = 15,
            METHOD_TYPE = 16, DYNAMIC = 17, INVOKE_DYNAMIC = 18, MODULE = 19, PACKAGE = 20;

    private ConstantPool() {
    }

    /**
     * The binary names (dotted, {@code $} for nested classes) referred to by {@code classFile}, in
     * constant pool order, without the class itself, arrays or primitives.
     */
    static Set<String> referencedClasses(byte[] classFile) {
        Set<String> names = new LinkedHashSet<>();
        try {
            scan(classFile, names);
        }
        catch (RuntimeException ex) {
            // Truncated or not a class file: keep what was read; the defining JVM will complain.
        }
        return names;
    }

    private static void scan(byte[] b, Set<String> names) {
        if (b.length < 10 || u4(b, 0) != 0xCAFEBABE) {
            return;
        }
        int count = u2(b, 8);
        // Offsets of the UTF-8 entries, and which of them name classes or hold descriptors.
        int[] utf8At = new int[count];
        int[] classNameIndex = new int[count];
        boolean[] isClassName = new boolean[count];
        boolean[] isDescriptor = new boolean[count];
        int at = walkPool(b, count, utf8At, classNameIndex, isClassName, isDescriptor);
        if (at < 0) {
            return;
        }
        // After the pool: access_flags, this_class.
        String self = null;
        int thisClass = (at + 4 <= b.length) ? u2(b, at + 2) : 0;
        if (thisClass > 0 && thisClass < count && classNameIndex[thisClass] > 0 && classNameIndex[thisClass] < count
                && utf8At[classNameIndex[thisClass]] > 0) {
            self = utf8(b, utf8At[classNameIndex[thisClass]]).replace('/', '.');
        }
        for (int i = 1; i < count; i++) {
            if (utf8At[i] == 0) {
                continue;
            }
            if (isClassName[i]) {
                String name = utf8(b, utf8At[i]);
                if (name.startsWith("[")) {
                    addFromDescriptor(name, names);
                }
                else {
                    add(name, names);
                }
            }
            else if (isDescriptor[i] || looksLikeDescriptor(b, utf8At[i])) {
                // Own field/method descriptors and signatures are plain UTF-8 entries, found by shape.
                addFromDescriptor(utf8(b, utf8At[i]), names);
            }
        }
        if (self != null) {
            names.remove(self);
        }
    }

    /**
     * Walks the {@code count - 1} entries of the pool from offset 10, recording where each UTF-8
     * entry is and which name classes or hold descriptors; returns the offset after the pool, or
     * {@code -1} at a tag this reader does not know (a newer class file: nothing is read).
     */
    private static int walkPool(byte[] b, int count, int[] utf8At, int[] classNameIndex, boolean[] isClassName,
            boolean[] isDescriptor) {
        int at = 10;
        for (int i = 1; i < count; i++) {
            int tag = b[at] & 0xff;
            switch (tag) {
                case UTF8:
                    utf8At[i] = at + 1;
                    at += 3 + u2(b, at + 1);
                    break;
                case CLASS:
                    classNameIndex[i] = u2(b, at + 1);
                    mark(isClassName, classNameIndex[i]);
                    at += 3;
                    break;
                case METHOD_TYPE:
                    mark(isDescriptor, u2(b, at + 1));
                    at += 3;
                    break;
                case NAME_AND_TYPE:
                    mark(isDescriptor, u2(b, at + 3));
                    at += 5;
                    break;
                case STRING: case MODULE: case PACKAGE:
                    at += 3;
                    break;
                case METHOD_HANDLE:
                    at += 4;
                    break;
                case INTEGER: case FLOAT: case FIELD_REF: case METHOD_REF: case INTERFACE_METHOD_REF:
                case DYNAMIC: case INVOKE_DYNAMIC:
                    at += 5;
                    break;
                case LONG: case DOUBLE:
                    at += 9;
                    i++;
                    break;
                default:
                    return -1;
            }
        }
        return at;
    }

    /** Every {@code Lpkg/Name;} (or {@code Lpkg/Outer<...>.Inner;}) in a descriptor or signature. */
    private static void addFromDescriptor(String text, Set<String> names) {
        int from = 0;
        while ((from = text.indexOf('L', from)) >= 0) {
            int end = from + 1;
            while (end < text.length() && isNameChar(text.charAt(end))) {
                end++;
            }
            // The type name ends at ';' or, in a generic signature, at '<'.
            if (end > from + 1 && end < text.length() && (text.charAt(end) == ';' || text.charAt(end) == '<')
                    && (from == 0 || !isNameChar(text.charAt(from - 1)))) {
                add(text.substring(from + 1, end), names);
            }
            from = end;
        }
    }

    private static void add(String internalName, Set<String> names) {
        if (!internalName.isEmpty() && internalName.length() < 1024 && !internalName.startsWith("java/")) {
            names.add(internalName.replace('/', '.'));
        }
    }

    private static boolean isNameChar(char c) {
        return c == '/' || c == '$' || c == '_' || Character.isLetterOrDigit(c);
    }

    /** A cheap pre-check before decoding: descriptors and signatures start with one of these. */
    private static boolean looksLikeDescriptor(byte[] b, int at) {
        int length = u2(b, at);
        if (length < 3) {
            return false;
        }
        int first = b[at + 2];
        return first == '(' || first == 'L' || first == '<' || first == '[';
    }

    private static void mark(boolean[] flags, int index) {
        if (index > 0 && index < flags.length) {
            flags[index] = true;
        }
    }

    /** Decodes a constant pool UTF-8 entry (modified UTF-8; class names are almost always ASCII). */
    private static String utf8(byte[] b, int at) {
        int length = u2(b, at);
        int start = at + 2;
        char[] chars = new char[length];
        int n = 0;
        for (int i = start; i < start + length; i++) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                chars[n++] = (char) c;
            }
            else if ((c & 0xe0) == 0xc0) {
                chars[n++] = (char) (((c & 0x1f) << 6) | (b[++i] & 0x3f));
            }
            else {
                chars[n++] = (char) (((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f));
                i += 2;
            }
        }
        return new String(chars, 0, n);
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static int u4(byte[] b, int at) {
        return (u2(b, at) << 16) | u2(b, at + 2);
    }
}
