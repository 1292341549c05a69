package io.mitogen.core.internal.wire;

/**
 * The tag bytes of the value encoding, one per value, and their names for error messages.
 * Zero is deliberately not a tag so that a zero-filled buffer is reported as malformed rather
 * than read as a run of nulls.
 */
final class Tags {

    static final int NULL = 1;
    static final int TRUE = 2;
    static final int FALSE = 3;
    static final int BYTE = 4;
    static final int SHORT = 5;
    static final int INT = 6;
    static final int LONG = 7;
    static final int FLOAT = 8;
    static final int DOUBLE = 9;
    static final int CHAR = 10;
    static final int STRING = 11;
    static final int BYTES = 12;
    static final int LIST = 13;
    static final int SET = 14;
    static final int MAP = 15;
    static final int ENUM = 16;
    static final int RECORD = 17;
    static final int BIGINT = 18;
    static final int BIGDEC = 19;

    /** First of the eight adapter tags; kept apart from the built-ins to leave room for more. */
    static final int EXT_0 = 0x20;
    static final int EXT_7 = EXT_0 + 7;

    private static final String[] NAMES = {
        null, "NULL", "TRUE", "FALSE", "BYTE", "SHORT", "INT", "LONG", "FLOAT", "DOUBLE", "CHAR",
        "STRING", "BYTES", "LIST", "SET", "MAP", "ENUM", "RECORD", "BIGINT", "BIGDEC"
    };

    private Tags() {
    }

    /** Whether {@code tag} is a built-in tag (adapter tags are checked separately). */
    static boolean isBuiltIn(int tag) {
        return tag >= NULL && tag <= BIGDEC;
    }

    static boolean isExt(int tag) {
        return tag >= EXT_0 && tag <= EXT_7;
    }

    /** A readable name, e.g. {@code STRING}, {@code EXT_2} or {@code 0x63} for unknown bytes. */
    static String name(int tag) {
        if (isBuiltIn(tag)) {
            return NAMES[tag];
        }
        if (isExt(tag)) {
            return "EXT_" + (tag - EXT_0);
        }
        return String.format("0x%02x", tag);
    }

    /** Bit mask of one tag, for the accept sets of declared types (all tags are below 64). */
    static long bit(int tag) {
        return 1L << tag;
    }

    /** The names of the tags in {@code mask}, comma separated. */
    static String names(long mask) {
        StringBuilder sb = new StringBuilder();
        for (int tag = 0; tag < 64; tag++) {
            if ((mask & bit(tag)) != 0) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(name(tag));
            }
        }
        return sb.toString();
    }
}
