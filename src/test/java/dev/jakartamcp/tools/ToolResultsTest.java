package dev.jakartamcp.tools;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.TextContent;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolResult;
import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.schema.ArgumentBinder;
import dev.jakartamcp.schema.OutputSchema;
import dev.jakartamcp.schema.JsonSchemaGenerator;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolResultsTest {
    private static final McpSettings SETTINGS = new McpSettings(key -> Optional.empty());
    private static final ArgumentBinder BINDER = new TestBeans().registry(new ToolRegistry(), new McpSettings(key -> Optional.empty())).binder();

    @Test
    void aToolResultsStructuredContentMustBeAnObject() {
        for (Object notAnObject : new Object[] {List.of(1, 2), "text", 42}) {
            JsonObject result = ToolResults.of(new ToolResult(List.of(new TextContent("x")), notAnObject, false), BINDER, null);
            assertTrue(result.getBoolean("isError"), result.toString());
            assertFalse(result.containsKey("structuredContent"));
            assertTrue(result.getJsonArray("content").getJsonObject(0).getString("text")
                    .endsWith(", not the object a result's structuredContent must be"), result.toString());
        }
        JsonObject object = ToolResults.of(new ToolResult(List.of(new TextContent("x")), Map.of("a", 1), false), BINDER, null);
        assertFalse(object.getBoolean("isError"));
        assertEquals(1, object.getJsonObject("structuredContent").getInt("a"));
    }

    public record Forecast(String city, int temperature) {
    }

    static class Weather {
        @Tool
        public Optional<Forecast> forecast(@Arg(name = "city") String city) {
            return city.equals("Atlantis") ? Optional.empty() : Optional.of(new Forecast(city, 21));
        }

        @Tool
        public Optional<String> greeting(@Arg(name = "name") String name) {
            return name.isEmpty() ? Optional.empty() : Optional.of("Hello " + name);
        }

        @Tool
        public OptionalInt count(@Arg(name = "known") boolean known) {
            return known ? OptionalInt.of(3) : OptionalInt.empty();
        }
    }

    @Test
    void anEmptyOptionalAnswersAsNullDoesNotAsTheTextNull() {
        assertEquals(ToolResults.of(null, BINDER, null), ToolResults.of(Optional.empty(), BINDER, null));
        assertEquals(ToolResults.of(null, BINDER, null), ToolResults.of(OptionalInt.empty(), BINDER, null));
        assertEquals(ToolResults.of(null, BINDER, OutputSchema.of(Forecast.class)), ToolResults.of(Optional.empty(), BINDER, OutputSchema.of(Forecast.class)));
        JsonObject noForecast = ToolResults.of(Optional.empty(), BINDER, OutputSchema.of(Forecast.class));
        assertTrue(noForecast.getBoolean("isError"), noForecast.toString());
        assertEquals("The tool returned no result, although its outputSchema describes one",
                noForecast.getJsonArray("content").getJsonObject(0).getString("text"));
    }

    @Test
    void aPresentOptionalAnswersAsItsValue() {
        assertEquals(ToolResults.of("Hello", BINDER, null), ToolResults.of(Optional.of("Hello"), BINDER, null));
        assertEquals(ToolResults.of(3, BINDER, null), ToolResults.of(OptionalInt.of(3), BINDER, null));
        JsonObject forecast = ToolResults.of(Optional.of(new Forecast("Oslo", 21)), BINDER, OutputSchema.of(Forecast.class));
        assertEquals(ToolResults.of(new Forecast("Oslo", 21), BINDER, OutputSchema.of(Forecast.class)), forecast);
        assertEquals(21, forecast.getJsonObject("structuredContent").getInt("temperature"));
    }

    @Test
    void aToolReturningAnOptionalRecordGetsTheRecordsOutputSchema() {
        ToolRegistry registry = new TestBeans(new Weather()).registry(new ToolRegistry(), SETTINGS);
        RegisteredTool forecast = registry.find("forecast").orElseThrow();
        assertEquals(Forecast.class, forecast.outputSchema().type());
        assertEquals(new JsonSchemaGenerator().outputSchema(Forecast.class), forecast.descriptor().getJsonObject("outputSchema"));
        assertFalse(registry.find("greeting").orElseThrow().descriptor().containsKey("outputSchema"));
    }
}
