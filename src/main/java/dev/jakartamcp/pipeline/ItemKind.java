package dev.jakartamcp.pipeline;

import dev.jakartamcp.protocol.SettingCatalog;

import java.util.Set;
import java.util.TreeSet;

/** What the pipeline serves. {@link #configPrefix()} names the operator overrides: {@code mcp.<prefix>.<name>.…}. */
public enum ItemKind {
    TOOL("tools", "tool"),
    PROMPT("prompts", "prompt"),
    RESOURCE("resources", "resource"),
    RESOURCE_TEMPLATE("resource-templates", "resource template");

    private final String configPrefix;
    private final String label;

    ItemKind(String configPrefix, String label) {
        this.configPrefix = configPrefix;
        this.label = label;
    }

    public String configPrefix() {
        return configPrefix;
    }

    /** How messages name it: "tool", "resource template". */
    public String label() {
        return label;
    }

    /**
     * What {@code mcp.<prefix>.<name>.<attribute>} may name for an item of this kind, sorted: every
     * {@link SettingCatalog#ITEM_ATTRIBUTES item attribute}, {@code task} for tools only.
     */
    public Set<String> overrideAttributes() {
        Set<String> attributes = new TreeSet<>(SettingCatalog.ITEM_ATTRIBUTES);
        if (this != TOOL) {
            attributes.removeAll(SettingCatalog.TOOL_ONLY_ATTRIBUTES);
        }
        return attributes;
    }

    /** The configuration key of one override of the item called {@code name}, e.g. {@code mcp.tools.get_channels.roles}. */
    public String key(String name, String attribute) {
        return "mcp." + configPrefix + "." + name + "." + attribute;
    }
}
