package dev.jakartamcp.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/** Values of the mirrored request headers (Mcp-Name, Mcp-Param-*) of 2026-07-28: plain ASCII or {@code =?base64?…?=}. */
public final class HeaderValues {
    private static final Pattern BASE64 = Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

    private HeaderValues() {
    }

    /**
     * The value a header carries; empty when it is neither visible ASCII nor well-formed (padded) Base64 sentinel form
     * of UTF-8 (bytes that are no UTF-8 are refused, not read as U+FFFD: the body's value must be the header's own).
     */
    public static Optional<String> decode(String value) {
        if (value.startsWith("=?base64?") && value.endsWith("?=") && value.length() >= 11) {
            String encoded = value.substring(9, value.length() - 2);
            if (!BASE64.matcher(encoded).matches()) {
                return Optional.empty();
            }
            try {
                return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(Base64.getDecoder().decode(encoded))).toString());
            } catch (CharacterCodingException e) {
                return Optional.empty();
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (c < 0x20 || c > 0x7e)) {
                return Optional.empty();
            }
        }
        return Optional.of(value);
    }
}
