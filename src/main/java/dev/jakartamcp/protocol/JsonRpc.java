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

    /** A request id must be a string or an integer (MCP forbids null). */
    public static boolean isValidId(JsonValue id) {
        return id != null && (id.getValueType() == JsonValue.ValueType.STRING
                || (id.getValueType() == JsonValue.ValueType.NUMBER && ((jakarta.json.JsonNumber) id).isIntegral()));
    }
}
