package dev.jakartamcp.tools;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.HeaderValues;
import dev.jakartamcp.protocol.McpException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tool arguments a 2026-07-28 client mirrors into {@code Mcp-Param-<name>} headers ({@code x-mcp-header} in the
 * input schema), and the check that each header matches the body, so that an intermediary routing on a header
 * cannot be made to see something other than what the tool gets.
 */
public record HeaderMirror(List<Binding> bindings) {

    record Binding(List<String> path, String header) {
    }

    static final HeaderMirror NONE = new HeaderMirror(List.of());

    /** Finds {@code x-mcp-header} annotations reachable from the schema root through {@code properties} only. */
    static HeaderMirror of(JsonObject inputSchema) {
        List<Binding> found = new ArrayList<>();
        collect(inputSchema, new ArrayList<>(), found, 0);
        return found.isEmpty() ? NONE : new HeaderMirror(List.copyOf(found));
    }

    private static void collect(JsonObject schema, List<String> path, List<Binding> found, int depth) {
        if (depth > 32 || !(schema.get("properties") instanceof JsonObject properties)) {
            return;
        }
        properties.forEach((name, value) -> {
            if (value instanceof JsonObject property) {
                List<String> here = new ArrayList<>(path);
                here.add(name);
                if (property.get("x-mcp-header") instanceof JsonString header) {
                    found.add(new Binding(List.copyOf(here), header.getString().toLowerCase(Locale.ROOT)));
                }
                collect(property, here, found, depth + 1);
            }
        });
    }

    /**
     * Throws HeaderMismatch (-32020, HTTP 400) when a mirrored argument's header is missing, malformed or different, or
     * is sent for an argument that is not given (or null).
     */
    void check(JsonObject arguments, Map<String, String> headers) {
        for (Binding b : bindings) {
            JsonValue value = valueAt(arguments, b.path());
            String header = headers.get(b.header());
            if (value == null || value == JsonValue.NULL) {
                if (header != null) {
                    // a client mirrors no absent value: a header without one is not the body's, and an intermediary
                    // may have routed on it (streamable-http, Server Validation)
                    throw mismatch("the Mcp-Param-" + b.header() + " header is sent but argument '" + String.join(".", b.path()) + "' is not given");
                }
                continue;
            }
            if (header == null) {
                throw mismatch("the Mcp-Param-" + b.header() + " header is required when '" + String.join(".", b.path()) + "' is given");
            }
            Optional<String> decoded = HeaderValues.decode(header.strip());
            if (decoded.isEmpty()) {
                throw mismatch("the Mcp-Param-" + b.header() + " header is not valid");
            }
            if (!matches(value, decoded.get())) {
                throw mismatch("the Mcp-Param-" + b.header() + " header does not match argument '" + String.join(".", b.path()) + "'");
            }
        }
    }

    private static boolean matches(JsonValue value, String header) {
        if (value instanceof JsonString s) {
            return s.getString().equals(header);
        }
        if (value instanceof JsonNumber n) {
            try {
                return n.bigDecimalValue().compareTo(new BigDecimal(header)) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value.toString().equals(header);
        }
        return false;
    }

    private static JsonValue valueAt(JsonObject arguments, List<String> path) {
        JsonValue current = arguments;
        for (String step : path) {
            if (!(current instanceof JsonObject o)) {
                return null;
            }
            current = o.get(step);
        }
        return current;
    }

    private static McpException mismatch(String detail) {
        return new McpException(ErrorCode.HEADER_MISMATCH, "Header mismatch: " + detail, null, McpException.Reason.BAD_REQUEST);
    }
}
