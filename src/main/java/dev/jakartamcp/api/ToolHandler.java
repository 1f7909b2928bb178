package dev.jakartamcp.api;

/** The body of a tool defined in code. Returns what an annotated tool method may return. */
@FunctionalInterface
public interface ToolHandler {
    Object handle(ToolArguments arguments, McpContext context) throws Exception;
}
