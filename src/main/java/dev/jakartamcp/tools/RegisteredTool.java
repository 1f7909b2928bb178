package dev.jakartamcp.tools;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.api.TaskSupport;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.schema.CompiledSchema;
import dev.jakartamcp.schema.OutputSchema;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A tool the registry serves: its definition as clients see it (before operator overrides), the arguments mirrored
 * into headers, who may call it, how to run it, and whether it may run as a task.
 *
 * @param inputSchema  compiled once, when the tool is registered, for the check of every call's arguments
 * @param preparesTask the invocation returns the {@code TaskWork} to run as the task (a method declared to return
 *                     it), so it runs within the call first; otherwise the whole invocation is the task's work
 * @param outputSchema the {@code outputSchema} generated from the declared return type, to write the result as that
 *                     schema says ({@code Page<Item>}, not only {@code Page}) and check it; null when none was generated
 * @param secretArguments the properties its input schema marks {@code "writeOnly": true} at any depth, lower case
 */
public record RegisteredTool(String name, JsonObject descriptor, CompiledSchema inputSchema, HeaderMirror headerMirror,
                             Access access, String source, ToolInvocation invocation, TaskSupport taskSupport,
                             boolean preparesTask, OutputSchema outputSchema, Set<String> secretArguments) implements McpItem {
    @Override
    public ItemKind kind() {
        return ItemKind.TOOL;
    }

    /**
     * The names of the properties {@code inputSchema} marks {@code "writeOnly": true}, at any depth (a record's
     * components, in {@code $defs} too), in lower case: the audit digest leaves out members of these names at any
     * depth, as it does those of {@code mcp.audit.redact}.
     */
    static Set<String> secretArguments(JsonObject inputSchema) {
        Set<String> names = new HashSet<>();
        Deque<JsonValue> open = new ArrayDeque<>(List.of(inputSchema));
        while (!open.isEmpty()) {
            JsonValue value = open.pop();
            if (value instanceof JsonArray array) {
                open.addAll(array);
            } else if (value instanceof JsonObject object) {
                if (object.get("properties") instanceof JsonObject properties) {
                    properties.forEach((name, schema) -> {
                        if (schema instanceof JsonObject s && JsonValue.TRUE.equals(s.get("writeOnly"))) {
                            names.add(name.toLowerCase(Locale.ROOT));
                        }
                    });
                }
                open.addAll(object.values());
            }
        }
        return Set.copyOf(names);
    }
}
