package dev.jakartamcp.ops;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OperationsResourceTest {

    /**
     * {@code /mcp-admin/status} is what an operator reads when something is wrong: a live bound broken while the
     * server runs (a typo through asadmin) shows as a null max with its problem, where the whole page was a 500.
     */
    @Test
    void aBrokenLiveBoundShowsAsItsProblemNotA500() {
        McpSettings settings = new McpSettings(key -> Optional.ofNullable(Map.of("mcp.session.max", "10k").get(key)));
        assertEquals("{\"open\":3,\"max\":null,\"problem\":\"Invalid value for mcp.session.max: '10k' (expected a whole number)\"}",
                OperationsResource.bounded(Json.createObjectBuilder().add("open", 3), settings::maxSessions).build().toString());
        assertEquals("{\"open\":3,\"max\":1000}",
                OperationsResource.bounded(Json.createObjectBuilder().add("open", 3), settings::maxStreams).build().toString());
    }

    /**
     * An override set as an environment variable ({@code MCP_TOOLS_ECHO_DESCRIPTION}) is not among the property names
     * under its property's name: MicroProfile Config finds it only when {@code mcp.tools.echo.description} is asked for.
     * It is listed as what it overrides, as a property of a source is.
     */
    @Test
    void anOverrideFoundOnlyWhenAskedForIsListed() {
        Map<String, String> found = Map.of("mcp.tools.echo.description", "from the environment",
                "mcp.prompts.summary.enabled", "false", "mcp.session.max", "5");
        Config config = config(List.of("mcp.prompts.summary.enabled", "mcp.session.max", "MCP_TOOLS_ECHO_DESCRIPTION"), found);
        assertEquals(List.of("mcp.prompts.summary.enabled", "mcp.tools.echo.description"),
                List.copyOf(OperationsResource.itemOverrideNames(config, List.of(item(ItemKind.TOOL, "echo"),
                        item(ItemKind.PROMPT, "summary"), item(ItemKind.RESOURCE, "readme")))));
    }

    private static Config config(List<String> listed, Map<String, String> found) {
        return (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[]{Config.class}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getPropertyNames" -> listed;
                    case "getConfigValue" -> value((String) args[0], found.get((String) args[0]));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ConfigValue value(String name, String value) {
        return (ConfigValue) Proxy.newProxyInstance(ConfigValue.class.getClassLoader(), new Class<?>[]{ConfigValue.class}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getName" -> name;
                    case "getValue", "getRawValue" -> value;
                    case "getSourceName" -> value == null ? null : "EnvConfigSource";
                    case "getSourceOrdinal" -> 300;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static McpItem item(ItemKind kind, String name) {
        return new McpItem() {
            public ItemKind kind() { return kind; }
            public String name() { return name; }
            public Access access() { return Access.permitAll(); }
            public JsonObject descriptor() { return JsonObject.EMPTY_JSON_OBJECT; }
            public String source() { return "registered " + name; }
        };
    }
}
