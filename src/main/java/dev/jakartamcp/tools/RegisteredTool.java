package dev.jakartamcp.tools;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.pipeline.McpItem;
import jakarta.json.JsonObject;

/**
 * A tool the registry serves: its definition as clients see it (before operator overrides), the arguments mirrored
 * into headers, who may call it, and how to run it.
 */
public record RegisteredTool(String name, JsonObject descriptor, JsonObject inputSchema, HeaderMirror headerMirror,
                             Access access, String source, ToolInvocation invocation) implements McpItem {
    @Override
    public ItemKind kind() {
        return ItemKind.TOOL;
    }
}
