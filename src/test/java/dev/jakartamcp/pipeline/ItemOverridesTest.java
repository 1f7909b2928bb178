package dev.jakartamcp.pipeline;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.api.TaskSupport;
import dev.jakartamcp.limits.RateLimit;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.TimeLimit;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemOverridesTest {
    private final Map<String, String> config = new HashMap<>();
    private final ItemOverrides overrides = new ItemOverrides();

    /** A tool's title is in its annotations too, the only one a 2025-03-26 client reads: the override reaches both. */
    @Test
    void aToolsTitleOverrideReachesItsAnnotationsToo() {
        config.put("mcp.tools.weather.title", "Weather now");
        Item tool = new Item(ItemKind.TOOL, "weather", Access.permitAll(), Json.createObjectBuilder().add("name", "weather").add("title", "Weather")
                .add("annotations", Json.createObjectBuilder().add("title", "Weather").add("readOnlyHint", true)).build(), "test");
        JsonObject shown = overrides.effective(tool).descriptor();
        assertEquals("Weather now", shown.getString("title"));
        assertEquals(Json.createObjectBuilder().add("title", "Weather now").add("readOnlyHint", true).build(), shown.getJsonObject("annotations"));

        config.put("mcp.tools.plain.title", "Operator title");
        Item untitled = new Item(ItemKind.TOOL, "plain", Access.permitAll(), Json.createObjectBuilder().add("name", "plain")
                .add("annotations", Json.createObjectBuilder().add("readOnlyHint", false)).build(), "test");
        assertEquals(Json.createObjectBuilder().add("readOnlyHint", false).add("title", "Operator title").build(),
                overrides.effective(untitled).descriptor().getJsonObject("annotations"), "a tool that declared no title gets it there too");
    }

    /** The bean method an item is, by its source: inherited ones too; none for produced and registered items. */
    @Test
    void anItemsJavaMethodNameComesFromItsSource() {
        java.util.function.Function<String, String> name = source -> new Item(ItemKind.TOOL, "t", Access.permitAll(),
                JsonValue.EMPTY_JSON_OBJECT, source).javaMethodName();
        assertEquals("search", name.apply("com.example.Tools#search"));
        assertEquals("count", name.apply("com.example.BaseTools#count (bean com.example.MoreTools)"));
        assertEquals(null, name.apply("producer com.example.Tools#echo"));
        assertEquals(null, name.apply("registered echo"));
        java.util.function.Function<String, java.util.Set<String>> classes = source -> new Item(ItemKind.TOOL, "t", Access.permitAll(),
                JsonValue.EMPTY_JSON_OBJECT, source).javaClassNames();
        assertEquals(java.util.Set.of("com.example.Tools"), classes.apply("com.example.Tools#search"));
        assertEquals(java.util.Set.of("com.example.BaseTools", "com.example.MoreTools"),
                classes.apply("com.example.BaseTools#count (bean com.example.MoreTools)"));
        assertEquals(java.util.Set.of(), classes.apply("producer com.example.Tools#echo"));
    }

    ItemOverridesTest() {
        overrides.settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
    }

    record Item(ItemKind kind, String name, Access access, JsonObject descriptor, String source) implements McpItem {
    }

    private static Item prompt(Access access) {
        return new Item(ItemKind.PROMPT, "p", access, Json.createObjectBuilder().add("name", "p").add("title", "Original").build(), "test");
    }

    record Tool(String name, TaskSupport taskSupport) implements McpItem {
        public ItemKind kind() {
            return ItemKind.TOOL;
        }

        public Access access() {
            return Access.permitAll();
        }

        public JsonObject descriptor() {
            return Json.createObjectBuilder().add("name", name).build();
        }

        public String source() {
            return "test";
        }
    }

    @Test
    void aToolsTaskSupportIsDeclaredOrOverriddenLive() {
        Tool slow = new Tool("slow", TaskSupport.OPTIONAL);
        assertEquals(TaskSupport.OPTIONAL, overrides.taskSupport(slow));
        config.put("mcp.tools.slow.task", "required");
        assertEquals(TaskSupport.REQUIRED, overrides.taskSupport(slow));
        config.put("mcp.tools.slow.task", " NONE ");
        assertEquals(TaskSupport.NONE, overrides.taskSupport(slow));
        config.put("mcp.tools.slow.task", "sometimes");
        assertEquals(TaskSupport.OPTIONAL, overrides.taskSupport(slow), "a malformed value leaves the declared support");
        config.put("mcp.prompts.p.task", "required");
        assertEquals(TaskSupport.NONE, overrides.taskSupport(prompt(Access.permitAll())), "only tools run as tasks");
    }

    @Test
    void anItemsTimeLimitIsItsOwnWhenSetNamingItsPropertyElseTheServerWideOneApplies() {
        Tool slow = new Tool("slow", TaskSupport.NONE);
        assertEquals(Optional.empty(), overrides.timeLimit(slow));
        config.put("mcp.tools.slow.timeout", "PT30M");
        assertEquals(Optional.of(new TimeLimit(Duration.ofMinutes(30), "mcp.tools.slow.timeout")), overrides.timeLimit(slow));
        config.put("mcp.tools.slow.timeout", "90");
        assertEquals(Duration.ofSeconds(90), overrides.timeLimit(slow).orElseThrow().duration(), "whole seconds, as every duration");
        config.put("mcp.prompts.p.timeout", "PT2S");
        assertEquals(Optional.of(new TimeLimit(Duration.ofSeconds(2), "mcp.prompts.p.timeout")),
                overrides.timeLimit(prompt(Access.permitAll())), "every kind has its own");
        for (String broken : java.util.List.of("PT0.5S", "soon", "P1000000D")) {
            config.put("mcp.tools.slow.timeout", broken);
            assertEquals(Optional.empty(), overrides.timeLimit(slow), broken + ": mcp.execution.timeout applies");
        }
    }

    @Test
    void withoutOverridesTheItemIsAsDeclared() {
        EffectiveItem<Item> e = overrides.effective(prompt(Access.rolesAllowed("a")));
        assertTrue(e.enabled());
        assertEquals(Access.rolesAllowed("a"), e.access());
        assertEquals("Original", e.descriptor().getString("title"));
        assertTrue(e.rateLimit().isEmpty());
    }

    @Test
    void everyKindHasItsOwnKeys() {
        config.put("mcp.prompts.p.enabled", "false");
        config.put("mcp.prompts.p.roles", "x, y");
        config.put("mcp.prompts.p.title", "New");
        config.put("mcp.prompts.p.description", "Reworded");
        config.put("mcp.prompts.p.rate-limit", "5/PT1M");
        config.put("mcp.tools.p.enabled", "true");
        EffectiveItem<Item> e = overrides.effective(prompt(Access.permitAll()));
        assertFalse(e.enabled());
        assertEquals(Access.rolesAllowed("x", "y"), e.access());
        assertEquals("New", e.descriptor().getString("title"));
        assertEquals("Reworded", e.descriptor().getString("description"));
        assertEquals(Optional.of(new RateLimit(5, Duration.ofMinutes(1))), e.rateLimit());
        assertEquals("mcp.resource-templates.docs.roles", ItemKind.RESOURCE_TEMPLATE.key("docs", "roles"));
    }

    @Test
    void doubleStarOpensAnItemToEveryAuthenticatedCaller() {
        config.put("mcp.prompts.p.roles", "**");
        assertEquals(Access.permitAll(), overrides.access(prompt(Access.denyAll())));
        config.put("mcp.prompts.p.roles", "admin, **");
        assertEquals(Access.permitAll(), overrides.access(prompt(Access.denyAll())), "** among other roles, too");
    }

    /** Commas only were read as no override, so the item's own access applied: now nobody may use it until fixed. */
    @Test
    void rolesOfCommasOnlyDenyEveryone() {
        config.put("mcp.prompts.p.roles", ",");
        assertEquals(Access.denyAll(), overrides.access(prompt(Access.permitAll())));
    }

    /** A period beyond what a Duration holds in nanoseconds is as malformed as "often": the item keeps serving. */
    @Test
    void aRateLimitWhosePeriodNoCounterCanKeepDropsOnlyTheItemRateLimit() {
        for (String value : java.util.List.of("1/P1000000D", "1/9999999999999999h")) {
            config.put("mcp.prompts.p.rate-limit", value);
            assertEquals(Optional.empty(), overrides.rateLimit(prompt(Access.permitAll())), value);
        }
    }

    @Test
    void aBrokenLiveValueFailsClosedForEnabledAndDropsOnlyTheItemRateLimit() {
        config.put("mcp.prompts.p.enabled", "yes");
        config.put("mcp.prompts.p.rate-limit", "often");
        EffectiveItem<Item> e = overrides.effective(prompt(Access.permitAll()));
        assertFalse(e.enabled(), "an operator who meant to switch it off must not find it on");
        assertTrue(e.rateLimit().isEmpty());
    }
}
