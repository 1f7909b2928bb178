package dev.jakartamcp.pipeline;

import dev.jakartamcp.ops.PropertyNames;
import jakarta.enterprise.inject.spi.DefinitionException;

import java.util.HashMap;
import java.util.Map;

/**
 * The names of the items of one kind as the environment variables of their overrides spell them. MicroProfile Config
 * looks {@code mcp.tools.get-channels.roles} and {@code mcp.tools.get_channels.roles} both up as
 * {@code MCP_TOOLS_GET_CHANNELS_ROLES}, so an operator's variable meant for one item would override the other too: a
 * name spelt as another item's is refused, as a second item of one name is. Its registry adds and removes under its own
 * lock.
 */
public final class EnvironmentNames {
    private final Map<String, McpItem> bySpelling = new HashMap<>();

    /** Takes {@code item}'s spelling, or throws a {@code DefinitionException} naming both when an item of another name has it. */
    public void add(McpItem item) {
        String spelling = PropertyNames.environmentVariable(item.name());
        McpItem other = bySpelling.putIfAbsent(spelling, item);
        if (other != null && !other.name().equals(item.name())) {
            String kind = item.kind().label();
            throw new DefinitionException("MCP " + kind + " names '" + other.name() + "' (" + other.source() + ") and '" + item.name()
                    + "' (" + item.source() + ") are one name to environment variables: "
                    + PropertyNames.environmentVariable(item.kind().key(item.name(), "roles")) + " and the other overrides of the one"
                    + " would override the other too (every character but a letter or digit is '_', and case does not count);"
                    + " rename one");
        }
    }

    public void remove(McpItem item) {
        bySpelling.remove(PropertyNames.environmentVariable(item.name()), item);
    }
}
