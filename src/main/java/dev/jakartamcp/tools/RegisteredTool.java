package dev.jakartamcp.tools;

import jakarta.json.JsonObject;

import java.util.Set;

/**
 * A tool the registry serves: its definition as clients see it (before operator overrides), the arguments mirrored
 * into headers, the permissions it requires, and how to run it.
 */
public record RegisteredTool(String name, JsonObject descriptor, JsonObject inputSchema, HeaderMirror headerMirror,
                             Set<String> rolesAllowed, String source, ToolInvocation invocation) {
}
