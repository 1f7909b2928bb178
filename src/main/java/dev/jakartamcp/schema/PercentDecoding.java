package dev.jakartamcp.schema;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * RFC 3986 percent-decoding as UTF-8, strictly: a {@code %} not followed by two ASCII hex digits, bytes that are no
 * UTF-8, or half of a surrogate pair, make the text malformed rather than guessed at. {@code '+'} stays {@code '+'} (this is no form encoding).
 * Here, the lowest package that decodes URI parts: resource template variables and {@code $ref} fragments.
 */
public final class PercentDecoding {
    private PercentDecoding() {
    }

    private static boolean hasSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** An ASCII hex digit's value (RFC 3986's HEXDIG, not other scripts' digits or fullwidth letters), else -1. */
    private static int hex(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    /** {@code text} with its %XX triplets decoded; empty when malformed. */
    public static Optional<String> decoded(String text) {
        if (text.indexOf('%') < 0 && !hasSurrogate(text)) {
            return Optional.of(text);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 2 < text.length() ? hex(text.charAt(i + 1)) : -1;
                int low = i + 2 < text.length() ? hex(text.charAt(i + 2)) : -1;
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return Optional.empty(); // a lone half of a pair, which UTF-8 cannot carry (getBytes would make it '?')
                }
                byte[] encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i++;
            } else {
                int end = i + 1;
                byte[] encoded = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i = end - 1;
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
