package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.Caller;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A POST whose body parsed as JSON, with what the transport already knows about it. */
record IncomingPost(HttpServletRequest request, HttpServletResponse response, HttpSink sink, JsonStructure message,
                    HttpChecks.Acceptance accept, Caller caller) {

    String header(String name) {
        return request.getHeader(name);
    }

    void fail(int status, JsonValue id, int code, String message, JsonValue data) {
        McpServlet.fail(response, sink, status, id == null ? JsonValue.NULL : id, code, message, data);
    }

    /** The string at {@code params._meta[key]}, or null. */
    static String metaString(JsonObject message, String key) {
        JsonValue params = message.get("params");
        if (!(params instanceof JsonObject p) || !(p.get("_meta") instanceof JsonObject meta)) {
            return null;
        }
        return meta.get(key) instanceof jakarta.json.JsonString s ? s.getString() : null;
    }
}
