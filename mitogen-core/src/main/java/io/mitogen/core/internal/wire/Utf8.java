package io.mitogen.core.internal.wire;

/**
 * Writes UTF-8 straight into the writer's buffer: {@code String.getBytes} would allocate a second
 * copy of every string on the hot path. Unpaired surrogates become {@code '?'}, matching
 * {@code String.getBytes(UTF_8)}, so both ends agree on the bytes.
 */
final class Utf8 {

    private Utf8() {
    }

    /** The exact encoded length of {@code s}. */
    static long length(String s) {
        long n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            }
            else if (c < 0x800) {
                n += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < len
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            }
            else {
                n += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        return n;
    }

    /**
     * Encodes {@code s} into {@code b} from {@code p}, which must have room for the worst case
     * (three bytes per char, or {@link #length}); returns the position after the last byte.
     */
    static int encode(String s, byte[] b, int p) {
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            }
            else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
            else if (Character.isSurrogate(c)) {
                char d = (i + 1 < len) ? s.charAt(i + 1) : 0;
                if (Character.isHighSurrogate(c) && Character.isLowSurrogate(d)) {
                    int cp = Character.toCodePoint(c, d);
                    b[p++] = (byte) (0xF0 | (cp >> 18));
                    b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (cp & 0x3F));
                    i++;
                }
                else {
                    b[p++] = (byte) '?';
                }
            }
            else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p;
    }
}
