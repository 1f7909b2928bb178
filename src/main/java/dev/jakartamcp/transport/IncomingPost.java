package dev.jakartamcp.transport;

import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.Connection;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/** A POST whose body parsed as JSON, with what the transport already knows about it. */
record IncomingPost(HttpServletRequest request, HttpServletResponse response, HttpSink sink, JsonStructure message,
                    HttpChecks.Acceptance accept, Caller caller) {

    String header(String name) {
        return request.getHeader(name);
    }

    /** The client's port and the HTTP version, for the span and metrics of the MCP request it carries. */
    Connection connection() {
        return Connection.of(request.getRemotePort(), request.getProtocol());
    }

    /** The W3C trace context headers of the request, for the span of the MCP request it carries. */
    Map<String, String> traceHeaders() {
        return traceHeaders(request);
    }

    static Map<String, String> traceHeaders(HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Observations.TRACE_KEYS) {
            String value = request.getHeader(name);
            if (value != null && value.length() <= Observations.MAX_TRACE_VALUE) {
                headers.put(name, value);
            }
        }
        return headers;
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
