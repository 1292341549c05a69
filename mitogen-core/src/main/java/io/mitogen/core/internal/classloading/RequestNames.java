package io.mitogen.core.internal.classloading;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The names in class and resource requests: decoded, checked, and made printable for a log line.
 * A class of its own so that the pattern compiles on first use: a child needs it only once its own
 * children ask for classes or resources.
 */
final class RequestNames {

    private RequestNames() {
    }

    /** Binary class names only: Java identifiers joined by dots ({@code package-info} included). */
    static final Pattern CLASS_NAME = Pattern.compile(
            "[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*(\\.package-info)?");

    /** The requested name, or {@code null} when the payload is not well-formed UTF-8. */
    static String decode(byte[] payload) {
        if (payload == null || payload.length == 0 || payload.length > 4 * ClassServer.MAX_NAME_LENGTH) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        }
        catch (CharacterCodingException ex) {
            return null;
        }
    }

    /** A name as it may appear in a log line: bounded, and without control characters. */
    static String printable(String name) {
        if (name == null) {
            return "(malformed name)";
        }
        String shown = (name.length() <= 120) ? name : name.substring(0, 120) + "...";
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
