package dev.jakartamcp.tools;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.HeaderValues;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.schema.CompiledSchema;
import dev.jakartamcp.schema.JsonSchemaGenerator;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tool arguments a 2026-07-28 client mirrors into {@code Mcp-Param-<name>} headers ({@code x-mcp-header} in the
 * input schema), and the check that each header matches the body, so that an intermediary routing on a header
 * cannot be made to see something other than what the tool gets.
 *
 * <p>A tool definition whose annotations break the rules of server/tools ("Constraints on x-mcp-header values") is
 * one that conforming clients leave out of their {@code tools/list} without a word to the server, so the registry
 * refuses it at deployment instead ({@link #of}).
 */
public record HeaderMirror(List<Binding> bindings) {

    static final String ANNOTATION = "x-mcp-header";
    /** RFC 9110 5.6.2 tchar: what a field name is made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /**
     * @param integer whether the schema says {@code "type": "integer"}, whose values must stay within the safe range
     */
    record Binding(List<String> path, String header, boolean integer) {
    }

    static final HeaderMirror NONE = new HeaderMirror(List.of());

    /**
     * The annotations of {@code inputSchema}, checked: each names a header ({@code 1*tchar}, unique among them ignoring
     * case), sits on a property reached from the root through {@code properties} only (not through {@code items},
     * {@code $ref}, composition or conditional keywords) whose {@code type} is string, integer or boolean. Anything else
     * is an {@link IllegalArgumentException} naming the annotation's place.
     */
    static HeaderMirror of(CompiledSchema inputSchema) {
        List<Binding> found = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        inputSchema.annotated(ANNOTATION).forEach((path, schema) -> {
            String where = path.isEmpty() ? "the root" : "/" + String.join("/", path);
            if (!reachedThroughPropertiesOnly(path)) {
                throw new IllegalArgumentException(ANNOTATION + " at " + where + " is not on a property reached from the"
                        + " root through properties only (items, $ref, composition and conditional keywords do not count)");
            }
            if (!(schema.get(ANNOTATION) instanceof JsonString header) || !TOKEN.matcher(header.getString()).matches()) {
                throw new IllegalArgumentException(ANNOTATION + " at " + where + " must be a header name: one or more"
                        + " letters, digits or !#$%&'*+-.^_`|~ (RFC 9110 token)");
            }
            String name = header.getString().toLowerCase(Locale.ROOT);
            String other = seen.putIfAbsent(name, where);
            if (other != null) {
                throw new IllegalArgumentException(ANNOTATION + " \"" + header.getString() + "\" at " + where
                        + " names the header of " + other + " too (header names are case-insensitive)");
            }
            if (!(schema.get("type") instanceof JsonString type) || !JsonSchemaGenerator.HEADER_TYPES.contains(type.getString())) {
                throw new IllegalArgumentException(ANNOTATION + " at " + where + " is on a property whose type is not"
                        + " \"string\", \"integer\" or \"boolean\": only those are mirrored into a header");
            }
            List<String> properties = new ArrayList<>();
            for (int i = 1; i < path.size(); i += 2) {
                properties.add(path.get(i));
            }
            found.add(new Binding(List.copyOf(properties), name, type.getString().equals("integer")));
        });
        return found.isEmpty() ? NONE : new HeaderMirror(List.copyOf(found));
    }

    private static boolean reachedThroughPropertiesOnly(List<String> path) {
        if (path.isEmpty() || path.size() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < path.size(); i += 2) {
            if (!path.get(i).equals("properties")) {
                return false;
            }
        }
        return true;
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
            if (b.integer() && value instanceof JsonNumber n && n.bigDecimalValue().abs().compareTo(JsonSchemaGenerator.HEADER_SAFE_INTEGER) > 0) {
                // server/tools: a mirrored integer stays within what every client can write into the header exactly
                throw McpException.invalidParams("Invalid arguments for tool: '" + String.join(".", b.path())
                        + "' is mirrored into the Mcp-Param-" + b.header() + " header and must be between -"
                        + JsonSchemaGenerator.HEADER_SAFE_INTEGER + " and " + JsonSchemaGenerator.HEADER_SAFE_INTEGER);
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

    private static final java.util.regex.Pattern CANONICAL_INTEGER = java.util.regex.Pattern.compile("0|-?[1-9][0-9]*");

    private static boolean matches(JsonValue value, String header) {
        if (value instanceof JsonString s) {
            return s.getString().equals(header);
        }
        if (value instanceof JsonNumber n) {
            // an integer's header is its decimal string (streamable-http, Value Encoding): 042, +42, 42.0 or 4.2e1 name
            // the same number to this server and another to an intermediary routing on the header's text
            if (!CANONICAL_INTEGER.matcher(header).matches()) {
                return false;
            }
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
