package dev.jakartamcp.api;

import java.util.List;

/**
 * A complete tool result. {@code structuredContent} is any value JSON-B can serialise (a record, a map), or null; a
 * 2025-era client takes only one written as a JSON object (anything else is a tool error there), a 2026-07-28 one any.
 * {@code isError} marks a failure the model should see and may recover from.
 */
public record ToolResult(List<Content> content, Object structuredContent, boolean isError) {
    public ToolResult {
        content = List.copyOf(content);
    }

    public static ToolResult of(Content... content) {
        return new ToolResult(List.of(content), null, false);
    }

    public static ToolResult text(String text) {
        return of(new TextContent(text));
    }

    public static ToolResult error(String message) {
        return new ToolResult(List.of(new TextContent(message)), null, true);
    }
}
