package dev.jakartamcp.beans;

import dev.jakartamcp.api.Icon;
import dev.jakartamcp.api.McpIcon;
import dev.jakartamcp.protocol.Icons;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/** Adds an item's icons to its descriptor; an invalid icon stops the deployment (or the registration) naming the item. */
public final class IconDescriptors {
    private IconDescriptors() {
    }

    public static List<McpIcon> of(Icon[] annotations) {
        return Arrays.stream(annotations).map(McpIcon::of).toList();
    }

    /** {@code descriptor} with {@code icons}; {@code owner} names the item in the error, e.g. "MCP tool 'x' (com.example.X#x)". */
    public static JsonObject with(JsonObject descriptor, List<McpIcon> icons, String owner) {
        if (icons.isEmpty()) {
            return descriptor;
        }
        try {
            return JsonFactory.createObjectBuilder(descriptor).add("icons", Icons.of(icons, owner)).build();
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(e.getMessage());
        }
    }
}
