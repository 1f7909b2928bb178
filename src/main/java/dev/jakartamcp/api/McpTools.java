package dev.jakartamcp.api;

/**
 * The server's tools as application code changes them while it runs: {@code @Inject McpTools tools}, from the WAR or
 * from a tool JAR compiled against this API alone. A tool registered here gets the checks of one defined at
 * deployment (a name another tool has, or a property type the binder cannot fill, throws
 * {@code jakarta.enterprise.inject.spi.DefinitionException}), and clients are sent {@code notifications/tools/list_changed}.
 * On a cluster the tool is registered on the node whose code ran this; the list change reaches every node.
 */
public interface McpTools {
    /** Adds {@code tool}; clients are told the list changed. */
    void register(ToolDefinition tool);

    /** Removes the tool named {@code name}; false when there was none. Clients are told the list changed. */
    boolean remove(String name);
}
