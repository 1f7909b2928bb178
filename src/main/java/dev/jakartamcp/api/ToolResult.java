package dev.jakartamcp.api;

import java.util.List;

/**
 * A complete tool result. {@code structuredContent} is any value JSON-B can serialise (a record, a map), or null.
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
