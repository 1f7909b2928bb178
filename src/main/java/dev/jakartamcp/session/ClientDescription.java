package dev.jakartamcp.session;

import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.Texts;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;

/**
 * What a session keeps of the client's {@code initialize}: its capabilities and who it says it is, bounded so that an
 * attacker-sized handshake cannot pin megabytes for the life of a session. Capabilities up to {@link #MAX_BYTES} are
 * kept as sent; larger ones keep their first {@link #MAX_KEYS} top-level names, each with its own value only if that
 * value is small, otherwise with {@code {}} (the server only ever asks whether a capability is declared and reads
 * small sub-objects such as {@code elicitation.form}). Client info keeps {@code name}, {@code title} and
 * {@code version}, each cut to {@link #MAX_TEXT} characters.
 */
public record ClientDescription(JsonObject capabilities, JsonObject clientInfo) {
    public static final int MAX_BYTES = 4096;
    public static final int MAX_KEYS = 32;
    public static final int MAX_VALUE_BYTES = 512;
    public static final int MAX_KEY_LENGTH = 64;
    public static final int MAX_TEXT = 256;

    public static ClientDescription of(JsonObject capabilities, JsonObject clientInfo) {
        return new ClientDescription(boundedCapabilities(capabilities), boundedInfo(clientInfo));
    }

    static JsonObject boundedCapabilities(JsonObject capabilities) {
        if (capabilities == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (size(capabilities) <= MAX_BYTES) {
            return capabilities;
        }
        JsonObjectBuilder kept = JsonFactory.createObjectBuilder();
        int keys = 0;
        // the values kept, together, stay within MAX_BYTES as well: 32 values of 512 bytes each would be 16 KiB a session
        int valueBytes = 0;
        for (var entry : capabilities.entrySet()) {
            if (keys == MAX_KEYS) {
                break;
            }
            if (entry.getKey().length() > MAX_KEY_LENGTH) {
                continue;
            }
            JsonValue value = entry.getValue();
            int bytes = value instanceof JsonObject o ? size(o) : Integer.MAX_VALUE;
            boolean keep = bytes <= MAX_VALUE_BYTES && valueBytes + bytes <= MAX_BYTES;
            kept.add(entry.getKey(), keep ? value : JsonValue.EMPTY_JSON_OBJECT);
            valueBytes += keep ? bytes : 0;
            keys++;
        }
        return kept.build();
    }

    public static JsonObject boundedInfo(JsonObject clientInfo) {
        if (clientInfo == null) {
            return null;
        }
        JsonObjectBuilder kept = JsonFactory.createObjectBuilder();
        for (String key : new String[]{"name", "title", "version"}) {
            if (clientInfo.get(key) instanceof JsonString s) {
                kept.add(key, Texts.cut(s.getString(), MAX_TEXT));
            }
        }
        return kept.build();
    }

    private static int size(JsonObject o) {
        return o.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
