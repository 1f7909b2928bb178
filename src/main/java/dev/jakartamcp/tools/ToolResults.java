package dev.jakartamcp.tools;

import dev.jakartamcp.api.Content;
import dev.jakartamcp.api.TextContent;
import dev.jakartamcp.api.ToolResult;
import dev.jakartamcp.beans.ContentJson;
import dev.jakartamcp.beans.ReturnedValue;
import dev.jakartamcp.schema.ArgumentBinder;
import dev.jakartamcp.schema.OutputSchema;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Collection;

/** Turns what a tool returned into a CallToolResult. */
final class ToolResults {
    private ToolResults() {
    }

    /**
     * {@code outputSchema}: the tool's, generated from its return type (an {@code Optional}'s content); null when it has
     * none. An {@code Optional} answers as its value, an empty one as null. {@code revision}: the call's, which decides
     * what a {@code ToolResult}'s structured content may be and which content types there are.
     */
    static JsonObject of(Object answer, ArgumentBinder binder, OutputSchema outputSchema, ProtocolRevision revision) {
        Object returned = ReturnedValue.unwrapped(answer);
        if (returned instanceof ToolResult r) {
            JsonArrayBuilder content = JsonFactory.createArrayBuilder();
            r.content().forEach(c -> content.add(ContentJson.of(c, revision)));
            JsonObjectBuilder b = JsonFactory.createObjectBuilder().add("content", content);
            if (r.structuredContent() != null) {
                JsonValue structured = binder.toJson(r.structuredContent());
                if (structured.getValueType() != JsonValue.ValueType.OBJECT && !revision.isModern()) {
                    // an object in the 2025 revisions' schemas (their clients refuse anything else); any JSON value
                    // from 2026-07-28 on (server/tools, Structured Content)
                    return error("The tool's structuredContent is a JSON " + structured.getValueType().name().toLowerCase(java.util.Locale.ROOT)
                            + ", not the object a result's structuredContent must be in protocol version " + revision.wire()
                            + " (any JSON value from 2026-07-28 on)");
                }
                b.add("structuredContent", structured);
            }
            return b.add("isError", r.isError()).build();
        }
        if (returned == null) {
            // a tool with an outputSchema MUST give structured results that conform to it (server/tools): no result
            // at all is the tool's error, not a success the client would reject for having none
            return outputSchema != null ? error("The tool returned no result, although its outputSchema describes one")
                    : result(JsonFactory.createArrayBuilder(), false);
        }
        if (returned instanceof String s) {
            return result(JsonFactory.createArrayBuilder().add(ContentJson.of(new TextContent(s))), false);
        }
        if (returned instanceof Content c) {
            return result(JsonFactory.createArrayBuilder().add(ContentJson.of(c, revision)), false);
        }
        if (returned instanceof Collection<?> items && items.stream().allMatch(i -> i instanceof Content || i instanceof String)) {
            JsonArrayBuilder content = JsonFactory.createArrayBuilder();
            items.forEach(i -> content.add(ContentJson.of(i instanceof Content c ? c : new TextContent((String) i), revision)));
            return result(content, false);
        }
        JsonValue json = returned instanceof JsonValue v ? v
                : outputSchema != null ? binder.toJsonForOutputSchema(returned, outputSchema) : binder.toJson(returned);
        String text = json instanceof JsonString s ? s.getString() : json.toString();
        JsonObjectBuilder b = JsonFactory.createObjectBuilder()
                .add("content", JsonFactory.createArrayBuilder().add(ContentJson.of(new TextContent(text))));
        if (json.getValueType() == JsonValue.ValueType.OBJECT) {
            b.add("structuredContent", json);
        }
        return b.add("isError", false).build();
    }

    static JsonObject error(String message) {
        return result(JsonFactory.createArrayBuilder().add(ContentJson.of(new TextContent(message))), true);
    }

    private static JsonObject result(JsonArrayBuilder content, boolean isError) {
        return JsonFactory.createObjectBuilder().add("content", content).add("isError", isError).build();
    }
}
