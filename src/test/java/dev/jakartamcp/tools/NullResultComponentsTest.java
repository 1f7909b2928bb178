package dev.jakartamcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.schema.SchemaValidator;
import dev.jakartamcp.schema.UnwritableValueException;
import jakarta.annotation.Nullable;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A record a tool returns is written without its null components, as JSON-B writes objects, so its outputSchema lists
 * as required only the components that cannot be null: primitives, and those a constraint says are always there.
 * Clients that validate structuredContent against the outputSchema (the TypeScript SDK does, with Ajv) accept it.
 */
class NullResultComponentsTest {

    private static final McpSettings SETTINGS = new McpSettings(key -> Optional.empty());

    public record Station(String name, String region) {
    }

    public record Forecast(String city, String warning, int temperature, @NotNull String source, @Nullable String remark,
                           Optional<String> note, Station station, List<Station> nearby) {
    }

    static class Weather {
        @Tool
        public Forecast forecast(@Arg(name = "city") String city) {
            return new Forecast(city, null, 21, "met office", null, Optional.empty(), new Station("Heathrow", null),
                    List.of(new Station("Kew", null)));
        }
    }

    @Test
    void aRecordWithNullComponentsValidatesAgainstItsOutputSchema() throws Exception {
        ToolRegistry registry = new TestBeans(new Weather()).registry(new ToolRegistry(), SETTINGS);
        RegisteredTool tool = registry.find("forecast").orElseThrow();
        JsonObject outputSchema = tool.descriptor().getJsonObject("outputSchema");
        JsonObject result = ToolResults.of(tool.invocation().invoke(Json.createObjectBuilder().add("city", "London").build(), null),
                registry.binder(), true);
        assertFalse(result.getBoolean("isError"), result.toString());
        JsonObject structured = result.getJsonObject("structuredContent");
        assertFalse(structured.containsKey("warning"), "a null component is left out: " + structured);
        assertEquals(List.of(), SchemaValidator.validate(outputSchema, structured), outputSchema + " against " + structured);
    }

    @Test
    void aNullWhereAConstraintRequiresAValueIsAToolErrorNotContentThatBreaksTheSchema() throws Exception {
        Forecast unsourced = new Forecast("London", null, 21, null, null, Optional.empty(), null, List.of());
        ToolRegistry registry = new TestBeans(new Weather()).registry(new ToolRegistry(), SETTINGS);
        UnwritableValueException e = assertThrows(UnwritableValueException.class, () -> ToolResults.of(unsourced, registry.binder(), true));
        assertEquals("source is null, though a constraint on it makes the outputSchema require it", e.getMessage());
    }

    /**
     * Where no outputSchema was generated from the declared type (the record inside a returned Map or List, or a
     * ToolResult's structuredContent), no schema requires the value: the null is left out, as JSON-B would.
     */
    @Test
    void withoutAnOutputSchemaANullUnderAConstraintIsLeftOut() {
        Forecast unsourced = new Forecast("London", null, 21, null, null, Optional.empty(), null, List.of());
        ToolRegistry registry = new TestBeans(new Weather()).registry(new ToolRegistry(), SETTINGS);
        JsonObject result = ToolResults.of(java.util.Map.of("today", unsourced), registry.binder(), false);
        assertFalse(result.getBoolean("isError"), result.toString());
        assertFalse(result.getJsonObject("structuredContent").getJsonObject("today").containsKey("source"), result.toString());
        JsonObject wrapped = ToolResults.of(new dev.jakartamcp.api.ToolResult(List.of(), unsourced, false), registry.binder(), true);
        assertFalse(wrapped.getJsonObject("structuredContent").containsKey("source"), wrapped.toString());
    }

    @Test
    void theOutputSchemaRequiresOnlyComponentsThatCannotBeNull() {
        ToolRegistry registry = new TestBeans(new Weather()).registry(new ToolRegistry(), SETTINGS);
        JsonObject outputSchema = registry.find("forecast").orElseThrow().descriptor().getJsonObject("outputSchema");
        assertEquals(Json.createArrayBuilder().add("temperature").add("source").build(), outputSchema.getJsonArray("required"),
                outputSchema.toString());
        assertFalse(outputSchema.getJsonObject("$defs").getJsonObject("Station").containsKey("required"), outputSchema.toString());
        // the same record as a parameter is still required whole: a call must send what the method needs
        JsonObject inputSchema = registry.find("forecast").orElseThrow().descriptor().getJsonObject("inputSchema");
        assertTrue(inputSchema.getJsonArray("required").contains(Json.createValue("city")), inputSchema.toString());
    }
}
