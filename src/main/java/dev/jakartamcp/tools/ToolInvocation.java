package dev.jakartamcp.tools;

import dev.jakartamcp.api.McpContext;
import jakarta.json.JsonObject;

/** Runs a tool with arguments that passed schema validation; returns what the author's code returned. */
@FunctionalInterface
public interface ToolInvocation {
    Object invoke(JsonObject arguments, McpContext context) throws Exception;
}
