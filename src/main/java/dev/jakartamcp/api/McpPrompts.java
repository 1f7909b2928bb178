package dev.jakartamcp.api;

/**
 * The server's prompts as application code changes them while it runs: {@code @Inject McpPrompts prompts}, from the
 * WAR or from a tool JAR compiled against this API alone; as {@link McpTools} for tools.
 */
public interface McpPrompts {
    /** Adds {@code prompt}; clients are told the list changed. */
    void register(PromptDefinition prompt);

    /** Removes the prompt named {@code name}; false when there was none. Clients are told the list changed. */
    boolean remove(String name);
}
