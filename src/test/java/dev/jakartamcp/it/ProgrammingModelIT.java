package dev.jakartamcp.it;

import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.ModernCall;
import dev.jakartamcp.it.McpHttpClient.Streamed;
import dev.jakartamcp.it.lib.LibraryTools;
import dev.jakartamcp.it.model.WeatherTools;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.jakartamcp.it.McpHttpClient.V2025_11_25;
import static dev.jakartamcp.it.McpHttpClient.arr;
import static dev.jakartamcp.it.McpHttpClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tool programming model on every server: beans in the WAR, in a tool JAR under WEB-INF/lib and in a tool JAR
 * compiled here against the API JAR alone ({@link ApiJarToolJar}), producer
 * tools, schemas derived from Java types and Bean Validation, argument validation as tool errors, structured output,
 * bean scopes, operator switches, and live registration announced to both protocol eras.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class ProgrammingModelIT extends EndpointIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive deployment() {
        JavaArchive toolJar = ShrinkWrap.create(JavaArchive.class, "library-tools.jar")
                .addClass(LibraryTools.class)
                .addAsManifestResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\""
                        + " bean-discovery-mode=\"annotated\"/>"), "beans.xml");
        return McpDeployments.product(Map.of(
                        "mcp.tools.dependent_identity.enabled", "false",
                        "mcp.tools.count_to.description", "Counts, as the operator puts it",
                        "mcp.server.icons", "[{\"src\":\"https://example.com/server.png\",\"sizes\":[\"64x64\"]}]"))
                .addPackage(WeatherTools.class.getPackage())
                .addAsLibrary(toolJar)
                .addAsLibrary(ApiJarToolJar.build());
    }

    private static Map<String, JsonObject> toolsByName(JsonObject listResult) {
        return listResult.getJsonArray("tools").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(t -> t.getString("name"), t -> t));
    }

    private static String text(JsonObject callResult) {
        return callResult.getJsonArray("content").getJsonObject(0).getString("text");
    }

    private JsonObject call(LegacySession s, String tool, JsonObject arguments) {
        return s.call("tools/call", obj("name", tool, "arguments", arguments));
    }

    @Test
    void iconsComeFromAnnotationsDefinitionsAndTheServerSetting() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonObject serverIcon = obj("src", "https://example.com/server.png", "sizes", arr("64x64"));
        assertEquals(arr(serverIcon), s.initializeResult().getJsonObject("serverInfo").getJsonArray("icons"));
        Map<String, JsonObject> tools = toolsByName(s.call("tools/list", obj()));
        assertEquals(arr(obj("src", "https://example.com/count.png", "mimeType", "image/png", "sizes", arr("48x48"))),
                tools.get("count_to").getJsonArray("icons"));
        assertEquals(arr(obj("src", "https://example.com/greeting.png")), tools.get("produced_greeting").getJsonArray("icons"));
        assertFalse(tools.get("place_order").containsKey("icons"));
        assertEquals(arr(obj("src", "https://example.com/summary.svg", "mimeType", "image/svg+xml", "sizes", arr("any"), "theme", "light")),
                s.call("prompts/list", obj()).getJsonArray("prompts").getJsonObject(0).getJsonArray("icons"));
        JsonObject handbook = s.call("resources/list", obj()).getJsonArray("resources").getValuesAs(JsonObject.class).stream()
                .filter(r -> r.getString("uri").equals("docs://handbook")).findFirst().orElseThrow();
        assertEquals(arr("16x16", "32x32"), handbook.getJsonArray("icons").getJsonObject(0).getJsonArray("sizes"));
        assertEquals("dark", s.call("resources/templates/list", obj()).getJsonArray("resourceTemplates").getJsonObject(0)
                .getJsonArray("icons").getJsonObject(0).getString("theme"));

        assertFalse(mcp().initialize(McpHttpClient.V2025_06_18).initializeResult().getJsonObject("serverInfo").containsKey("icons"),
                "icons exist from 2025-11-25 on");
        JsonObject modern = mcp().modern("tools/list").send().result();
        assertEquals(arr(serverIcon), modern.getJsonObject("_meta").getJsonObject(McpHttpClient.META_SERVER_INFO).getJsonArray("icons"));
    }

    /** A template matches every URI of its form; its method says which exist, and the client gets "not found". */
    @Test
    void aTemplateMethodAnswersResourceNotFoundForAUriThatNamesNothing() {
        LegacySession s = mcp().initialize(V2025_11_25);
        assertEquals("chapter 3", s.call("resources/read", obj("uri", "docs://chapters/3")).getJsonArray("contents")
                .getJsonObject(0).getString("text"));
        JsonValue id = jakarta.json.Json.createValue(mcp().nextId());
        JsonObject legacy = s.post(s.request(id, "resources/read", obj("uri", "docs://chapters/99"))).send().assertError(200, -32002, id);
        assertEquals("docs://chapters/99", legacy.getJsonObject("data").getString("uri"), legacy::toString);
        ModernCall read = mcp().modern("resources/read").param("uri", "docs://chapters/99");
        JsonObject modern = read.send().assertError(200, -32602, read.id());
        assertEquals("Resource not found: docs://chapters/99", modern.getString("message"), modern::toString);
    }

    @Test
    void aToolJarInWebInfLibIsDiscovered() {
        LegacySession s = mcp().initialize(V2025_11_25);
        assertTrue(toolsByName(s.call("tools/list", obj())).containsKey("library_echo"));
        JsonObject result = call(s, "library_echo", obj("message", "hi"));
        assertFalse(result.getBoolean("isError"));
        assertEquals("library says: hi", text(result));
    }

    @Test
    void aToolJarCompiledAgainstTheApiJarAloneIsDiscoveredAndCalledInBothEras() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonObject tool = toolsByName(s.call("tools/list", obj())).get("author_shout");
        assertEquals("Shouts; compiled against the API JAR alone", tool.getString("description"));
        assertEquals("string", tool.getJsonObject("inputSchema").getJsonObject("properties").getJsonObject("text").getString("type"));
        assertEquals("HELLO!", text(call(s, "author_shout", obj("text", "hello"))));
        ModernCall modern = mcp().modern("tools/call").param("name", "author_shout").param("arguments", obj("text", "again"));
        assertEquals("AGAIN!", text(modern.send().result(modern.id())));
    }

    /**
     * A tool JAR compiled against the API alone changes what the server offers while it runs: its code tells the
     * clients subscribed to its resource that it changed ({@code McpResources.updated}), and registers a tool
     * ({@code McpTools.register}) that clients are told of and can call.
     */
    @Test
    void aToolJarCompiledAgainstTheApiJarAloneTellsSubscribersAndRegistersTools() throws Exception {
        String note = "note://author/latest";
        LegacySession s = mcp().initialize(V2025_11_25);
        assertTrue(s.call("resources/subscribe", obj("uri", note)).isEmpty());
        try (McpHttpClient.Streamed get = s.get().open()) {
            assertTrue(get.events().nextEvent(java.time.Duration.ofSeconds(10)).isEmptyData(), "the priming event comes first");
            assertEquals("noted", text(call(s, "author_note", obj("text", "tea at five"))));
            JsonObject updated = get.events().nextMessage(java.time.Duration.ofSeconds(10));
            assertEquals("notifications/resources/updated", updated.getString("method"), updated::toString);
            assertEquals(note, updated.getJsonObject("params").getString("uri"));
            assertEquals("tea at five", s.call("resources/read", obj("uri", note)).getJsonArray("contents").getJsonObject(0).getString("text"));

            String name = "author_registered_" + System.nanoTime();
            assertEquals("registered " + name, text(call(s, "author_register", obj("name", name))));
            JsonObject changed = get.events().nextMessage(java.time.Duration.ofSeconds(10));
            assertEquals("notifications/tools/list_changed", changed.getString("method"), changed::toString);
            assertEquals("Registered by author_register", toolsByName(s.call("tools/list", obj())).get(name).getString("description"));
            assertEquals("registered " + name + " answers", text(call(s, name, obj())));
        }
    }

    @Test
    void aProducerDefinedToolHasASchemaFromItsPropertiesAndRuns() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonObject tool = toolsByName(s.call("tools/list", obj())).get("produced_greeting");
        JsonObject schema = tool.getJsonObject("inputSchema");
        assertEquals("string", schema.getJsonObject("properties").getJsonObject("name").getString("type"));
        assertEquals("date-time", schema.getJsonObject("properties").getJsonObject("at").getString("format"));
        assertEquals(arr("name"), schema.getJsonArray("required"));
        assertEquals("Greeting", tool.getString("title"));
        JsonObject result = call(s, "produced_greeting", obj("name", "Ada", "at", "2026-12-24T21:00:00+09:00"));
        assertEquals("Hello Ada at 2026-12-24T21:00+09:00", text(result));
    }

    @Test
    void theInputSchemaSaysWhatTheJavaTypesAndConstraintsSay() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonObject tool = toolsByName(s.call("tools/list", obj())).get("place_order");
        JsonObject schema = tool.getJsonObject("inputSchema");
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.getString("$schema"));
        JsonObject properties = schema.getJsonObject("properties");
        assertEquals(arr("LOW", "NORMAL", "URGENT"), properties.getJsonObject("priority").getJsonArray("enum"));
        assertEquals("date", properties.getJsonObject("delivery").getString("format"));
        assertEquals("object", properties.getJsonObject("labels").getString("type"));
        List<String> required = schema.getJsonArray("required").getValuesAs(JsonString::getString);
        assertTrue(required.containsAll(List.of("order", "priority", "labels")), required.toString());
        assertFalse(required.contains("delivery"), "Optional arguments are not required");
        JsonObject defs = schema.getJsonObject("$defs");
        assertEquals("email", defs.getJsonObject("Order").getJsonObject("properties").getJsonObject("customerEmail").getString("format"));
        JsonObject items = defs.getJsonObject("Order").getJsonObject("properties").getJsonObject("items");
        assertEquals(1, items.getInt("minItems"));
        assertEquals(20, items.getInt("maxItems"));
        assertEquals(1, defs.getJsonObject("Item").getJsonObject("properties").getJsonObject("quantity").getInt("minimum"));
        JsonObject output = tool.getJsonObject("outputSchema");
        assertEquals("object", output.getString("type"));
        assertTrue(output.getJsonObject("properties").containsKey("total"), output.toString());

        JsonObject count = toolsByName(s.call("tools/list", obj())).get("count_to");
        JsonObject n = count.getJsonObject("inputSchema").getJsonObject("properties").getJsonObject("n");
        assertEquals("integer", n.getString("type"));
        assertEquals(1, n.getInt("minimum"));
        assertEquals(10, n.getInt("maximum"));
        assertEquals("Counts, as the operator puts it", count.getString("description"), "operator override");
    }

    @Test
    void aRecordResultIsStructuredContentWithATextCopy() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonObject order = obj("customerEmail", "ada@example.com",
                "items", arr(obj("sku", "tv-1", "quantity", 2, "unitPrice", 10.5), obj("sku", "cable", "quantity", 1, "unitPrice", 4)));
        JsonObject result = call(s, "place_order", obj("order", order, "priority", "URGENT", "labels", obj("gift", "yes")));
        assertFalse(result.getBoolean("isError"), result.toString());
        JsonObject structured = result.getJsonObject("structuredContent");
        assertEquals(0, new BigDecimal("25.0").compareTo(structured.getJsonNumber("total").bigDecimalValue()), structured.toString());
        assertEquals(2, structured.getInt("lines"));
        assertEquals("URGENT", structured.getString("priority"));
        assertEquals("2026-12-24", structured.getString("delivery"));
        assertTrue(text(result).contains("\"orderId\""), "the text copy carries the same JSON: " + text(result));
    }

    /** A class JSON-B binds, returned by a tool, gets an outputSchema from its getters, and its result is checked against it. */
    @Test
    void aToolReturningAClassJsonbBindsHasAnOutputSchemaAndStructuredContentThatMeetsIt() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonObject output = toolsByName(s.call("tools/list", obj())).get("track_order").getJsonObject("outputSchema");
        assertEquals("object", output.getString("type"), output.toString());
        assertEquals(List.of("orderId", "parcels"), List.copyOf(output.getJsonObject("properties").keySet()), output.toString());
        assertEquals(1, output.getJsonObject("properties").getJsonObject("parcels").getInt("minimum"), output.toString());
        JsonObject result = call(s, "track_order", obj("orderId", "order-7", "parcels", 2));
        assertFalse(result.getBoolean("isError"), result.toString());
        assertEquals(obj("orderId", "order-7", "parcels", 2), result.getJsonObject("structuredContent"));
        JsonObject none = call(s, "track_order", obj("orderId", "order-7", "parcels", 0));
        assertTrue(none.getBoolean("isError"), none.toString());
        assertEquals("Tool track_order returned a result it cannot write as its outputSchema says: parcels must be >= 1", text(none));
    }

    /**
     * A tool implementing a generic interface's method is one tool (the compiler's bridge, which carries its annotations,
     * is not a second: the deployment failed with "Duplicate MCP tool name"), and a generic superclass's tool takes the
     * type the bean class binds (its schema describes an Item, and the argument is bound as one).
     */
    @Test
    void toolsReachedThroughGenericsAreOneToolEachAndTakeTheBoundType() {
        LegacySession s = mcp().initialize(V2025_11_25);
        Map<String, JsonObject> tools = toolsByName(s.call("tools/list", obj()));
        assertEquals("pong example.org", text(call(s, "ping_host", obj("host", "example.org"))));
        JsonObject item = tools.get("describe_item").getJsonObject("inputSchema").getJsonObject("properties").getJsonObject("item");
        assertEquals("#/$defs/Item", item.getString("$ref"), item.toString());
        assertEquals("tv-1 x2", text(call(s, "describe_item", obj("item", obj("sku", "tv-1", "quantity", 2, "unitPrice", 10.5)))));
        JsonObject refused = call(s, "describe_item", obj("item", obj("sku", "tv-1", "quantity", 0, "unitPrice", 10.5)));
        assertTrue(refused.getBoolean("isError"), refused.toString());
    }

    @Test
    void invalidArgumentsAreToolErrorsThatNameTheArgumentAndTheRule() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonObject tooSmall = call(s, "count_to", obj("n", 0));
        assertTrue(tooSmall.getBoolean("isError"));
        assertTrue(text(tooSmall).contains("n") && text(tooSmall).contains(">= 1"), text(tooSmall));

        JsonObject wrongType = call(s, "count_to", obj("n", "three"));
        assertTrue(wrongType.getBoolean("isError"));
        assertTrue(text(wrongType).contains("integer"), text(wrongType));

        JsonObject badPattern = call(s, "count_to", obj("n", 3, "separator", "--"));
        assertTrue(badPattern.getBoolean("isError"), badPattern.toString());

        JsonObject noItems = call(s, "place_order", obj("order", obj("customerEmail", "a@b.example", "items", arr()),
                "priority", "LOW", "labels", obj()));
        assertTrue(noItems.getBoolean("isError"));
        assertTrue(text(noItems).contains("order.items"), text(noItems));

        JsonObject missing = call(s, "place_order", obj("priority", "LOW"));
        assertTrue(missing.getBoolean("isError"));
        assertTrue(text(missing).contains("order") && text(missing).contains("required"), text(missing));

        assertEquals("1;2;3", text(call(s, "count_to", obj("n", 3, "separator", ";"))), "valid arguments still work");
    }

    @Test
    void anExceptionBecomesAnErrorResultWithoutItsDetails() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonObject exploded = call(s, "explode", obj());
        assertTrue(exploded.getBoolean("isError"));
        assertFalse(exploded.toString().contains("hunter2"), "internal details stay in the server log");
        assertFalse(exploded.toString().contains("IllegalStateException"));
        assertTrue(text(exploded).contains("reference"), text(exploded));
        McpHttpClient.assertNoLeak(exploded.toString());

        JsonObject linkage = call(s, "explode", obj("kind", "linkage"));
        assertTrue(linkage.getBoolean("isError"), "an Error of the tool's code is its failure too, not a 500: " + linkage);
        assertFalse(linkage.toString().contains("hunter2") || linkage.toString().contains("NoClassDefFoundError"), linkage.toString());
        assertTrue(text(linkage).contains("reference"), text(linkage));

        JsonObject refused = call(s, "refuse", obj());
        assertTrue(refused.getBoolean("isError"));
        assertEquals("No recordings left this month", text(refused));
    }

    @Test
    void beanScopesAreHonouredAndAnOperatorCanSwitchAToolOff() {
        LegacySession s = mcp().initialize(V2025_11_25);
        assertEquals("calls in this request: 1", text(call(s, "request_scoped_counter", obj())));
        assertEquals("calls in this request: 1", text(call(s, "request_scoped_counter", obj())), "a new request, a new bean");
        assertFalse(toolsByName(s.call("tools/list", obj())).containsKey("dependent_identity"));
        JsonValue id = jakarta.json.Json.createValue(77);
        s.post(s.request(id, "tools/call", obj("name", "dependent_identity", "arguments", obj()))).send().assertError(200, -32602, id);
    }

    @Test
    void liveRegistrationIsAnnouncedInBothEras() {
        LegacySession legacy = mcp().initialize(V2025_11_25);
        ModernCall listen = mcp().modern("subscriptions/listen").id(jakarta.json.Json.createValue("live-tools"))
                .param("notifications", obj("toolsListChanged", true));
        try (Streamed getStream = legacy.get().open(); Streamed listenStream = listen.open()) {
            assertTrue(getStream.events().nextEvent(WAIT).isEmptyData(), "priming event first");
            JsonObject ack = listenStream.events().nextMessage(WAIT);
            assertEquals("notifications/subscriptions/acknowledged", ack.getString("method"));

            ModernCall toggle = mcp().modern("tools/call").param("name", "toggle_live_tool").param("arguments", obj());
            assertEquals("registered", text(toggle.send().result(toggle.id())));

            assertEquals("notifications/tools/list_changed", getStream.events().nextMessage(WAIT).getString("method"));
            JsonObject modern = listenStream.events().nextMessage(WAIT);
            assertEquals("notifications/tools/list_changed", modern.getString("method"));
            assertEquals("live-tools", modern.getJsonObject("params").getJsonObject("_meta")
                    .getString("io.modelcontextprotocol/subscriptionId"));
        }
        assertTrue(toolsByName(legacy.call("tools/list", obj())).containsKey("live_tool"));
        assertEquals("live", text(call(legacy, "live_tool", obj())));
        assertEquals("removed", text(call(legacy, "toggle_live_tool", obj())));
        assertFalse(toolsByName(legacy.call("tools/list", obj())).containsKey("live_tool"));
    }

    @Test
    void theReadmeExampleReportsProgressAndAnswers() {
        ModernCall call = mcp().modern("tools/call").param("name", "weather").param("arguments", obj("city", "Paris"))
                .meta("progressToken", "weather-1");
        try (Streamed stream = call.open()) {
            assertTrue(stream.isSse(), "progress makes the answer a stream");
            JsonObject progress = stream.events().nextMessage(WAIT);
            assertEquals("notifications/progress", progress.getString("method"));
            assertEquals("weather-1", progress.getJsonObject("params").getString("progressToken"));
            JsonObject response = stream.events().nextMessage(WAIT);
            JsonArray content = response.getJsonObject("result").getJsonArray("content");
            assertEquals("Sunny in Paris", content.getJsonObject(0).getString("text"));
        }
    }
}
