package io.mitogen.core.internal.files;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 helpers shared by both ends, so that they compute a tree's digest the same way. */
final class Digests {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Digests() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("this JVM has no SHA-256", ex);
        }
    }

    static String hex(byte[] digest) {
        char[] text = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            text[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            text[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(text);
    }

    /** Adds one file of a tree: its relative path and its digest. */
    static void addToTree(MessageDigest tree, String relative, String fileSha) {
        tree.update(relative.getBytes(StandardCharsets.UTF_8));
        tree.update((byte) 0);
        tree.update(fileSha.getBytes(StandardCharsets.US_ASCII));
        tree.update((byte) '\n');
    }
}
