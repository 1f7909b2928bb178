package dev.jakartamcp.tools;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.api.TaskSupport;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.schema.CompiledSchema;
import jakarta.json.JsonObject;
import java.lang.reflect.Type;

/**
 * A tool the registry serves: its definition as clients see it (before operator overrides), the arguments mirrored
 * into headers, who may call it, how to run it, and whether it may run as a task.
 *
 * @param inputSchema  compiled once, when the tool is registered, for the check of every call's arguments
 * @param preparesTask the invocation returns the {@code TaskWork} to run as the task (a method declared to return
 *                     it), so it runs within the call first; otherwise the whole invocation is the task's work
 * @param outputType   the declared return type the {@code outputSchema} was generated from, to write the result as that
 *                     schema says ({@code Page<Item>}, not only {@code Page}); null when no schema was generated
 */
public record RegisteredTool(String name, JsonObject descriptor, CompiledSchema inputSchema, HeaderMirror headerMirror,
                             Access access, String source, ToolInvocation invocation, TaskSupport taskSupport,
                             boolean preparesTask, Type outputType) implements McpItem {
    @Override
    public ItemKind kind() {
        return ItemKind.TOOL;
    }
}
