package dev.jakartamcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.schema.OutputSchema;
import dev.jakartamcp.schema.SchemaValidator;
import dev.jakartamcp.schema.UnwritableValueException;
import jakarta.annotation.Nullable;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.validation.constraints.NotNull;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A record a tool returns is written without its null components, as JSON-B writes objects, so its outputSchema lists
 * as required only the components that cannot be null: primitives, and those a constraint says are always there.
 * Clients that validate structuredContent against the outputSchema (the TypeScript SDK does, with Ajv) accept it.
 */
class NullResultComponentsTest {
    private static final ProtocolRevision LEGACY = ProtocolRevision.LATEST_LEGACY;

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

    public record Labelled(String name, List<String> labels, @NotNull String source) {
    }

    public record Catalogue(List<String> tags, String[] aliases, Map<String, Integer> byCity, List<Labelled> items,
                            List<Object> anything, List<Optional<String>> maybe) {
    }

    static class Cataloguing {
        @Tool
        public Catalogue catalogue() {
            return NullResultComponentsTest.catalogue(List.of("a"), new String[] {"b"}, Map.of("Oslo", 1), List.of(), List.of());
        }
    }

    private static Catalogue catalogue(List<String> tags, String[] aliases, Map<String, Integer> byCity, List<Labelled> items,
                                       List<Optional<String>> maybe) {
        return new Catalogue(tags, aliases, byCity, items, Arrays.asList("x", null), maybe);
    }

    private static Map<String, Integer> tokyoUnknown() {
        Map<String, Integer> byCity = new LinkedHashMap<>();
        byCity.put("Oslo", 1);
        byCity.put("Tokyo", null);
        return byCity;
    }

    private static String unwritable(Catalogue returned) {
        ToolRegistry registry = new TestBeans(new Cataloguing()).registry(new ToolRegistry(), SETTINGS);
        return assertThrows(UnwritableValueException.class, () -> ToolResults.of(returned, registry.binder(), OutputSchema.of(Catalogue.class), LEGACY)).getMessage();
    }

    @Test
    void aNullInAListComponentIsAToolErrorNamingTheItem() {
        assertEquals("tags[2] is null, which the outputSchema does not admit there",
                unwritable(catalogue(Arrays.asList("a", "b", null), new String[0], Map.of(), List.of(), List.of())));
        assertEquals("maybe[0] is null, which the outputSchema does not admit there",
                unwritable(catalogue(List.of(), new String[0], Map.of(), List.of(), List.of(Optional.empty()))));
    }

    @Test
    void aNullInAnArrayComponentIsAToolErrorNamingTheItem() {
        assertEquals("aliases[1] is null, which the outputSchema does not admit there",
                unwritable(catalogue(List.of(), new String[] {"b", null}, Map.of(), List.of(), List.of())));
    }

    @Test
    void aNullMapValueIsAToolErrorNamingTheKey() {
        assertEquals("byCity.Tokyo is null, which the outputSchema does not admit there",
                unwritable(catalogue(List.of(), new String[0], tokyoUnknown(), List.of(), List.of())));
    }

    /** A key that is no plain name is quoted, as the argument check names such places. */
    @Test
    void aKeyThatIsNoPlainNameIsQuotedInThePath() {
        Map<String, Integer> byCity = new LinkedHashMap<>();
        byCity.put("New York", null);
        assertEquals("byCity[\"New York\"] is null, which the outputSchema does not admit there",
                unwritable(catalogue(List.of(), new String[0], byCity, List.of(), List.of())));
    }

    @Test
    void nullsInARecordInAListAreNamedByTheirPath() {
        Labelled unlabelled = new Labelled("first", Arrays.asList("x", null), "shop");
        assertEquals("items[0].labels[1] is null, which the outputSchema does not admit there",
                unwritable(catalogue(List.of(), new String[0], Map.of(), List.of(unlabelled), List.of())));
        Labelled unsourced = new Labelled("second", List.of(), null);
        assertEquals("items[1].source is null, though a constraint on it makes the outputSchema require it",
                unwritable(catalogue(List.of(), new String[0], Map.of(), List.of(new Labelled("first", null, "shop"), unsourced),
                        List.of())));
    }

    /** The writer refuses exactly the nulls the generated schema refuses: an Object item's schema is {}, which admits null. */
    @Test
    void theOutputSchemaRefusesTheNullItemsTheWriterRefusesAndAdmitsTheOthers() throws Exception {
        ToolRegistry registry = new TestBeans(new Cataloguing()).registry(new ToolRegistry(), SETTINGS);
        RegisteredTool tool = registry.find("catalogue").orElseThrow();
        JsonObject outputSchema = tool.descriptor().getJsonObject("outputSchema");
        JsonObject written = ToolResults.of(tool.invocation().invoke(JsonObject.EMPTY_JSON_OBJECT, null), registry.binder(), tool.outputSchema(), LEGACY)
                .getJsonObject("structuredContent");
        assertEquals(JsonValue.NULL, written.getJsonArray("anything").get(1), written.toString());
        assertEquals(List.of(), SchemaValidator.validate(outputSchema, written), outputSchema + " against " + written);

        JsonObject withNullItems = ToolResults.of(
                        catalogue(Arrays.asList("a", null), new String[] {null}, tokyoUnknown(),
                                List.of(new Labelled("first", Arrays.asList((String) null), "shop")), List.of(Optional.empty())),
                        registry.binder(), null, LEGACY)
                .getJsonObject("structuredContent");
        assertEquals(List.of("tags[1]", "aliases[0]", "byCity.Tokyo", "items[0].labels[0]", "maybe[0]"),
                SchemaValidator.validate(outputSchema, withNullItems).stream().map(v -> v.path()).toList(),
                outputSchema + " against " + withNullItems);
    }

    /** Where no outputSchema was generated from the declared type, a null item is written as null, as before. */
    @Test
    void withoutAnOutputSchemaANullItemIsWrittenAsNull() {
        ToolRegistry registry = new TestBeans(new Cataloguing()).registry(new ToolRegistry(), SETTINGS);
        Catalogue withNulls = catalogue(Arrays.asList("a", null), new String[] {null}, tokyoUnknown(), List.of(), List.of());
        JsonObject inMap = ToolResults.of(Map.of("today", withNulls), registry.binder(), null, LEGACY);
        assertFalse(inMap.getBoolean("isError"), inMap.toString());
        JsonObject today = inMap.getJsonObject("structuredContent").getJsonObject("today");
        assertEquals(JsonValue.NULL, today.getJsonArray("tags").get(1), today.toString());
        assertEquals(JsonValue.NULL, today.getJsonArray("aliases").get(0), today.toString());
        assertEquals(JsonValue.NULL, today.getJsonObject("byCity").get("Tokyo"), today.toString());
        JsonObject wrapped = ToolResults.of(new dev.jakartamcp.api.ToolResult(List.of(), withNulls, false), registry.binder(), OutputSchema.of(Catalogue.class), LEGACY);
        assertEquals(JsonValue.NULL, wrapped.getJsonObject("structuredContent").getJsonArray("tags").get(1), wrapped.toString());
    }

    @Test
    void aRecordWithNullComponentsValidatesAgainstItsOutputSchema() throws Exception {
        ToolRegistry registry = new TestBeans(new Weather()).registry(new ToolRegistry(), SETTINGS);
        RegisteredTool tool = registry.find("forecast").orElseThrow();
        JsonObject outputSchema = tool.descriptor().getJsonObject("outputSchema");
        JsonObject result = ToolResults.of(tool.invocation().invoke(Json.createObjectBuilder().add("city", "London").build(), null),
                registry.binder(), tool.outputSchema(), LEGACY);
        assertFalse(result.getBoolean("isError"), result.toString());
        JsonObject structured = result.getJsonObject("structuredContent");
        assertFalse(structured.containsKey("warning"), "a null component is left out: " + structured);
        assertEquals(List.of(), SchemaValidator.validate(outputSchema, structured), outputSchema + " against " + structured);
    }

    @Test
    void aNullWhereAConstraintRequiresAValueIsAToolErrorNotContentThatBreaksTheSchema() throws Exception {
        Forecast unsourced = new Forecast("London", null, 21, null, null, Optional.empty(), null, List.of());
        ToolRegistry registry = new TestBeans(new Weather()).registry(new ToolRegistry(), SETTINGS);
        UnwritableValueException e = assertThrows(UnwritableValueException.class, () -> ToolResults.of(unsourced, registry.binder(), OutputSchema.of(Forecast.class), LEGACY));
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
        JsonObject result = ToolResults.of(java.util.Map.of("today", unsourced), registry.binder(), null, LEGACY);
        assertFalse(result.getBoolean("isError"), result.toString());
        assertFalse(result.getJsonObject("structuredContent").getJsonObject("today").containsKey("source"), result.toString());
        JsonObject wrapped = ToolResults.of(new dev.jakartamcp.api.ToolResult(List.of(), unsourced, false), registry.binder(), OutputSchema.of(Forecast.class), LEGACY);
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

    public record Envelope(@NotNull String kind, Object payload) {
    }

    /** Under a component declared Object the schema is {}: a record there is written as it is, with no check. */
    @Test
    void aRecordWhereTheSchemaSaysNothingIsNotCheckedAgainstIt() {
        ToolRegistry registry = new TestBeans(new Cataloguing()).registry(new ToolRegistry(), SETTINGS);
        Envelope returned = new Envelope("labelled", new Labelled("n", Arrays.asList("a", null), null));
        JsonObject result = ToolResults.of(returned, registry.binder(), OutputSchema.of(Envelope.class), LEGACY);
        assertEquals(Json.createObjectBuilder().add("kind", "labelled").add("payload", Json.createObjectBuilder().add("name", "n")
                .add("labels", Json.createArrayBuilder().add("a").addNull())).build(), result.getJsonObject("structuredContent"));
        assertThrows(UnwritableValueException.class,
                () -> ToolResults.of(new Envelope(null, "x"), registry.binder(), OutputSchema.of(Envelope.class), LEGACY), "the record the schema describes is still checked");
    }
    /** No result at all from a tool with an outputSchema is its error: the schema promises structured content (MUST). */
    @Test
    void noResultFromAToolWithAnOutputSchemaIsAToolError() {
        ToolRegistry registry = new TestBeans(new Cataloguing()).registry(new ToolRegistry(), SETTINGS);
        JsonObject none = ToolResults.of(null, registry.binder(), OutputSchema.of(Catalogue.class), LEGACY);
        assertTrue(none.getBoolean("isError"), none::toString);
        assertEquals("The tool returned no result, although its outputSchema describes one",
                none.getJsonArray("content").getJsonObject(0).getString("text"));
        JsonObject withoutSchema = ToolResults.of(null, registry.binder(), null, LEGACY);
        assertFalse(withoutSchema.getBoolean("isError"), "a tool without an outputSchema may answer with nothing");
        assertEquals(0, withoutSchema.getJsonArray("content").size());
    }
}
