package dev.jakartamcp.pipeline;

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

    /** The configuration key of one override of the item called {@code name}, e.g. {@code mcp.tools.get_channels.roles}. */
    public String key(String name, String attribute) {
        return "mcp." + configPrefix + "." + name + "." + attribute;
    }
}
