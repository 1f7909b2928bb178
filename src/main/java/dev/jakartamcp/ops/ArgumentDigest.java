package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.JsonDigest;
import dev.jakartamcp.protocol.McpException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The audit trail's digest of a request's arguments: {@code sha256:} and the hex SHA-256 of their canonical encoding
 * ({@link JsonDigest}: members in key order, so the same arguments in another order digest the same), with the values
 * of redacted argument names (at any depth, compared case-insensitively) left out, as is the value a completion is
 * asked for when the argument it completes is named so. An auditor can tell whether two
 * calls had the same arguments, or check a call against arguments she holds, without the trail holding any.
 */
public final class ArgumentDigest {
    private ArgumentDigest() {
    }

    /** The digest, or null without arguments (or with arguments nested deeper than anything the parser lets through). */
    public static String of(JsonValue arguments, List<String> redactedNames) {
        return of(arguments, redactedNames, false);
    }

    /**
     * The digest of what {@code method} audits: for {@code completion/complete} its {@code argument},
     * {@code {"name": …, "value": …}}, whose {@code value} is the value of the argument it names, so it is redacted
     * when that name is; for everything else as {@link #of(JsonValue, List)}.
     */
    public static String of(String method, JsonValue arguments, List<String> redactedNames) {
        boolean secretCompleted = "completion/complete".equals(method) && arguments instanceof JsonObject argument
                && argument.get("name") instanceof JsonString name && isRedacted(name.getString(), redactedNames);
        return of(arguments, redactedNames, secretCompleted);
    }

    private static boolean isRedacted(String key, List<String> redactedNames) {
        return redactedNames.contains(key.toLowerCase(Locale.ROOT));
    }

    private static String of(JsonValue arguments, List<String> redactedNames, boolean redactValue) {
        if (arguments == null) {
            return null;
        }
        try {
            byte[] digest = JsonDigest.of(arguments, key -> isRedacted(key, redactedNames) || (redactValue && key.equals("value")));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (McpException tooDeep) {
            return null;
        }
    }
}
