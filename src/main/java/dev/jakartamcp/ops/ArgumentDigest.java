package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.JsonDigest;
import dev.jakartamcp.protocol.McpException;
import jakarta.json.JsonValue;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The audit trail's digest of a request's arguments: {@code sha256:} and the hex SHA-256 of their canonical encoding
 * ({@link JsonDigest}: members in key order, so the same arguments in another order digest the same), with the values
 * of redacted argument names (at any depth, compared case-insensitively) left out. An auditor can tell whether two
 * calls had the same arguments, or check a call against arguments she holds, without the trail holding any.
 */
public final class ArgumentDigest {
    private ArgumentDigest() {
    }

    /** The digest, or null without arguments (or with arguments nested deeper than anything the parser lets through). */
    public static String of(JsonValue arguments, List<String> redactedNames) {
        if (arguments == null) {
            return null;
        }
        try {
            byte[] digest = JsonDigest.of(arguments, key -> redactedNames.contains(key.toLowerCase(Locale.ROOT)));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (McpException tooDeep) {
            return null;
        }
    }
}
