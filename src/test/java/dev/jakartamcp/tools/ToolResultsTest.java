package dev.jakartamcp.tools;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.ResourceLink;
import dev.jakartamcp.api.TextContent;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolResult;
import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.schema.ArgumentBinder;
import dev.jakartamcp.schema.OutputSchema;
import dev.jakartamcp.schema.JsonSchemaGenerator;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolResultsTest {
    private static final ProtocolRevision LEGACY = ProtocolRevision.LATEST_LEGACY;
    private static final McpSettings SETTINGS = new McpSettings(key -> Optional.empty());
    private static final ArgumentBinder BINDER = new TestBeans().registry(new ToolRegistry(), new McpSettings(key -> Optional.empty())).binder();

    @Test
    void aToolResultsStructuredContentIsAnObjectIn2025SessionsAndAnyJsonValueFrom2026On() {
        for (Object notAnObject : new Object[] {List.of(1, 2), "text", 42}) {
            JsonObject result = ToolResults.of(new ToolResult(List.of(new TextContent("x")), notAnObject, false), BINDER, null, LEGACY);
            assertTrue(result.getBoolean("isError"), result.toString());
            assertFalse(result.containsKey("structuredContent"));
            assertTrue(result.getJsonArray("content").getJsonObject(0).getString("text").endsWith(", not the object a result's"
                    + " structuredContent must be in protocol version 2025-11-25 (any JSON value from 2026-07-28 on)"), result.toString());
        }
        JsonObject object = ToolResults.of(new ToolResult(List.of(new TextContent("x")), Map.of("a", 1), false), BINDER, null, LEGACY);
        assertFalse(object.getBoolean("isError"));
        assertEquals(1, object.getJsonObject("structuredContent").getInt("a"));

        // server/tools of 2026-07-28: "any JSON value (object, array, string, number, boolean, or null)"
        for (Object any : new Object[] {List.of(1, 2), "text", 42, false, JsonValue.NULL, Map.of("a", 1)}) {
            JsonObject result = ToolResults.of(new ToolResult(List.of(new TextContent("x")), any, false), BINDER, null, ProtocolRevision.V2026_07_28);
            assertFalse(result.getBoolean("isError"), result.toString());
            assertEquals(BINDER.toJson(any), result.get("structuredContent"), result.toString());
        }
    }

    @Test
    void aResourceLinkReachesA20250326ClientAsTextSinceThatRevisionHasNoSuchContentType() {
        ResourceLink link = new ResourceLink("file:///reports/q3.pdf", "q3", "Third quarter", "application/pdf");
        for (Object answer : new Object[] {link, List.of(link), new ToolResult(List.of(link), null, false)}) {
            JsonObject old = ToolResults.of(answer, BINDER, null, ProtocolRevision.V2025_03_26).getJsonArray("content").getJsonObject(0);
            assertEquals("text", old.getString("type"), old.toString());
            assertEquals("Resource q3: file:///reports/q3.pdf (Third quarter)", old.getString("text"));
            for (ProtocolRevision later : List.of(ProtocolRevision.V2025_06_18, ProtocolRevision.V2025_11_25, ProtocolRevision.V2026_07_28)) {
                JsonObject content = ToolResults.of(answer, BINDER, null, later).getJsonArray("content").getJsonObject(0);
                assertEquals("resource_link", content.getString("type"), content.toString());
                assertEquals("file:///reports/q3.pdf", content.getString("uri"));
                assertEquals("application/pdf", content.getString("mimeType"));
            }
        }
    }

    /** A bean that is also Iterable: an object, as its outputSchema says, not the array of what it iterates over. */
    public static class Hits implements Iterable<String> {
        private final List<String> hits;

        public Hits(List<String> hits) {
            this.hits = hits;
        }

        public List<String> getHits() {
            return hits;
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return hits.iterator();
        }
    }

    @Test
    void aCollectionIsAnArrayButAnIterableBeanIsTheObjectItsSchemaDescribes() {
        OutputSchema schema = OutputSchema.of(Hits.class);
        JsonObject result = ToolResults.of(new Hits(List.of("a", "b")), BINDER, schema, LEGACY);
        assertFalse(result.getBoolean("isError"), result.toString());
        assertEquals(List.of("a", "b"), result.getJsonObject("structuredContent").getJsonArray("hits").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
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
        assertEquals(ToolResults.of(null, BINDER, null, LEGACY), ToolResults.of(Optional.empty(), BINDER, null, LEGACY));
        assertEquals(ToolResults.of(null, BINDER, null, LEGACY), ToolResults.of(OptionalInt.empty(), BINDER, null, LEGACY));
        assertEquals(ToolResults.of(null, BINDER, OutputSchema.of(Forecast.class), LEGACY), ToolResults.of(Optional.empty(), BINDER, OutputSchema.of(Forecast.class), LEGACY));
        JsonObject noForecast = ToolResults.of(Optional.empty(), BINDER, OutputSchema.of(Forecast.class), LEGACY);
        assertTrue(noForecast.getBoolean("isError"), noForecast.toString());
        assertEquals("The tool returned no result, although its outputSchema describes one",
                noForecast.getJsonArray("content").getJsonObject(0).getString("text"));
    }

    @Test
    void aPresentOptionalAnswersAsItsValue() {
        assertEquals(ToolResults.of("Hello", BINDER, null, LEGACY), ToolResults.of(Optional.of("Hello"), BINDER, null, LEGACY));
        assertEquals(ToolResults.of(3, BINDER, null, LEGACY), ToolResults.of(OptionalInt.of(3), BINDER, null, LEGACY));
        JsonObject forecast = ToolResults.of(Optional.of(new Forecast("Oslo", 21)), BINDER, OutputSchema.of(Forecast.class), LEGACY);
        assertEquals(ToolResults.of(new Forecast("Oslo", 21), BINDER, OutputSchema.of(Forecast.class), LEGACY), forecast);
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
