package dev.jakartamcp.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** Builders for JSON-RPC 2.0 messages. */
public final class JsonRpc {
    private JsonRpc() {
    }

    public static JsonObject result(JsonValue id, JsonObject result) {
        return JsonFactory.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("result", result).build();
    }

    public static JsonObject error(JsonValue id, int code, String message, JsonValue data) {
        JsonObjectBuilder error = JsonFactory.createObjectBuilder().add("code", code).add("message", message == null ? "" : message);
        if (data != null) {
            error.add("data", data);
        }
        JsonObjectBuilder msg = JsonFactory.createObjectBuilder().add("jsonrpc", "2.0");
        if (id != null && id != JsonValue.NULL) {
            msg.add("id", id);
        }
        return msg.add("error", error).build();
    }

    public static JsonObject error(JsonValue id, McpException e) {
        return error(id, e.code(), e.getMessage(), e.data());
    }

    public static JsonObject notification(String method, JsonObject params) {
        JsonObjectBuilder b = JsonFactory.createObjectBuilder().add("jsonrpc", "2.0").add("method", method);
        if (params != null) {
            b.add("params", params);
        }
        return b.build();
    }

    public static JsonObject request(JsonValue id, String method, JsonObject params) {
        JsonObjectBuilder b = JsonFactory.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("method", method);
        if (params != null) {
            b.add("params", params);
        }
        return b.build();
    }

    /**
     * The longest string id this server takes (an integer id is bounded by the parser's number length). An id is kept
     * while its request runs, repeated in its answer, its stream's log and its audit record, and passed to other nodes
     * of a cluster: a client's ids are short, and one as long as a request would be kept and passed on as often.
     */
    public static final int MAX_ID_LENGTH = 1024;

    /** A request id must be a string (of at most {@link #MAX_ID_LENGTH} characters) or an integer (MCP forbids null). */
    public static boolean isValidId(JsonValue id) {
        return id != null && (id.getValueType() == JsonValue.ValueType.STRING && !tooLong(id)
                || (id.getValueType() == JsonValue.ValueType.NUMBER && ((jakarta.json.JsonNumber) id).isIntegral()));
    }

    private static boolean tooLong(JsonValue id) {
        return id instanceof jakarta.json.JsonString s && s.getString().length() > MAX_ID_LENGTH;
    }

    /** Why a message classified as invalid is: its id's length when that is what is wrong, else {@code otherwise}. */
    public static String invalidRequest(JsonObject message, String otherwise) {
        return tooLong(message.get("id"))
                ? "Invalid Request: an id is a string of at most " + MAX_ID_LENGTH + " characters or an integer"
                : otherwise;
    }
}
