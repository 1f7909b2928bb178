package dev.jakartamcp.resources;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.api.McpResource;
import dev.jakartamcp.api.McpResourceTemplate;
import dev.jakartamcp.api.ResourceDefinition;
import dev.jakartamcp.api.ResourceNotFoundException;
import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.pipeline.Pipelines;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.protocol.SessionView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourcesFeatureTest {

    enum Color { RED, GREEN }

    static class Templates {
        @McpResourceTemplate(uriTemplate = "docs://chapters/{n}")
        public String chapter(@Arg(name = "n") int n) {
            return "chapter " + (n + 1);
        }

        @McpResourceTemplate(uriTemplate = "x://items/{id}")
        public String item(@Arg(name = "id") UUID id) {
            return "item " + id;
        }

        @McpResourceTemplate(uriTemplate = "x://days/{day}")
        public String day(@Arg(name = "day") LocalDate day) {
            return "day " + day.plusDays(1);
        }

        @McpResourceTemplate(uriTemplate = "x://colors/{c}")
        public String color(@Arg(name = "c") Color c) {
            return "color " + c.ordinal();
        }

        @McpResourceTemplate(uriTemplate = "x://flags/{on}/{size}")
        public String flag(@Arg(name = "on") boolean on, @Arg(name = "size") Optional<Long> size) {
            return "flag " + on + " " + size.map(s -> s * 2).orElse(-1L);
        }

        @McpResourceTemplate(uriTemplate = "x://amounts/{a}/{n}")
        public String amount(@Arg(name = "a") BigDecimal a, @Arg(name = "n") BigInteger n) {
            return "amount " + a + " " + n;
        }

        @McpResourceTemplate(uriTemplate = "x://{a}-{b}")
        public String pair(@Arg(name = "a") String a, @Arg(name = "b") String b) {
            return a.length() + "+" + b.length();
        }
    }

    static class Repositories {
        @McpResourceTemplate(uriTemplate = "repo://{+path}")
        public String path(@Arg(name = "path") String path) {
            return "path " + path;
        }

        @McpResourceTemplate(uriTemplate = "repo://{owner}/{name}")
        public String repository(@Arg(name = "owner") String owner, @Arg(name = "name") String name) {
            return "repository " + owner + " " + name;
        }
    }

    @Test
    void aUriTwoTemplatesMatchGoesToTheOneWithMoreLiteralTextNotTheFirstByName() {
        ResourceRegistry registry = new TestBeans(new Repositories()).registry(new ResourceRegistry(), new McpSettings(key -> Optional.empty()));
        var owned = registry.resolve("repo://acme/widgets", r -> true).orElseThrow();
        assertEquals("repo://{owner}/{name}", owned.getKey().key(), "'+' sorts before the letters, which decided before");
        assertEquals(Map.of("owner", "acme", "name", "widgets"), owned.getValue());
        var deeper = registry.resolve("repo://acme/widgets/src/Main.java", r -> true).orElseThrow();
        assertEquals("repo://{+path}", deeper.getKey().key());
        assertEquals(List.of("repo://{+path}", "repo://{owner}/{name}"), registry.templates().stream().map(ResourceRegistry.Registered::key).toList(),
                "listed as before, by their text");
    }

    static class Restricted {
        @McpResource(uri = "x://secret-room")
        @RolesAllowed("admin")
        public String secretRoom() {
            return "the secret room";
        }

        @McpResource(uri = "x://vault")
        @RolesAllowed("admin")
        public String vault() {
            return "the vault";
        }
    }

    record Range(int from, int to) {
    }

    static class ListVariable {
        @McpResourceTemplate(uriTemplate = "x://tags/{tags}")
        public String tags(@Arg(name = "tags") List<String> tags) {
            return "tags";
        }
    }

    static class RecordVariable {
        @McpResourceTemplate(uriTemplate = "x://ranges/{range}")
        public String range(@Arg(name = "range") Range range) {
            return "range";
        }
    }

    private final ResourcesFeature feature = feature(Map.of());

    /** Reads, subscriptions and their ends are audited (also when the dispatcher refuses them before the pipeline runs); lists are not. */
    @Test
    void readsAndSubscriptionsAreAuditedAndListsNot() {
        assertEquals(Map.of("resources/list", false, "resources/templates/list", false, "resources/read", true,
                "resources/subscribe", true, "resources/unsubscribe", true),
                feature.methods().stream().collect(java.util.stream.Collectors.toMap(McpMethod::name, McpMethod::audited)));
    }

    @Test
    void aTemplateParameterNoTextCouldFillFailsTheDeploymentNamingIt() {
        String text = "a URI template variable is text: declare String, a number, boolean, char, an enum, a java.time type, UUID,"
                + " URI or URL, or an Optional of one";
        assertEquals("MCP resource template 'x://tags/{tags}' (" + ListVariable.class.getName() + "#tags) cannot work: parameter 'tags'"
                + " (List<String>): " + text, deploymentError(new ListVariable()));
        assertEquals("MCP resource template 'x://ranges/{range}' (" + RecordVariable.class.getName() + "#range) cannot work:"
                + " parameter 'range' (Range): " + text, deploymentError(new RecordVariable()));
    }

    static class OneNameTwice {
        @McpResource(uri = "docs://readme", name = "readme")
        public String readme() {
            return "readme";
        }

        @McpResource(uri = "docs://README.md", name = "readme")
        public String readmeMarkdown() {
            return "# readme";
        }
    }

    static class OneTemplateNameTwice {
        @McpResourceTemplate(uriTemplate = "docs://chapters/{n}", name = "chapter")
        public String chapter(@Arg(name = "n") int n) {
            return "chapter " + n;
        }

        @McpResourceTemplate(uriTemplate = "docs://appendix/{n}", name = "chapter")
        public String appendix(@Arg(name = "n") int n) {
            return "appendix " + n;
        }
    }

    static class OneNameForAResourceAndATemplate {
        @McpResource(uri = "docs://chapters", name = "chapter")
        public String chapters() {
            return "chapters";
        }

        @McpResourceTemplate(uriTemplate = "docs://chapters/{n}", name = "chapter")
        public String chapter(@Arg(name = "n") int n) {
            return "chapter " + n;
        }
    }

    /** Operator overrides name resources by name ({@code mcp.resources.readme.enabled}), so one name is one resource. */
    @Test
    void twoResourcesOrTemplatesOfOneNameFailTheDeploymentNamingBoth() {
        assertEquals("Duplicate MCP resource name 'readme': " + OneNameTwice.class.getName() + "#readme (docs://readme) and "
                + OneNameTwice.class.getName() + "#readmeMarkdown (docs://README.md)", deploymentError(new OneNameTwice()));
        String templates = deploymentError(new OneTemplateNameTwice());
        assertTrue(templates.startsWith("Duplicate MCP resource template name 'chapter': " + OneTemplateNameTwice.class.getName()), templates);
        ResourceRegistry registry = new TestBeans(new OneNameForAResourceAndATemplate())
                .registry(new ResourceRegistry(), new McpSettings(key -> Optional.empty()));
        assertEquals(List.of("chapter", "chapter"), registry.listedItems().stream().map(ResourceRegistry.Registered::name).toList());
        DefinitionException registered = assertThrows(DefinitionException.class,
                () -> registry.register(ResourceDefinition.of("docs://other", "chapter", "text/plain", (uri, context) -> "other")));
        assertEquals("Duplicate MCP resource name 'chapter': " + OneNameForAResourceAndATemplate.class.getName()
                + "#chapters (docs://chapters) and registered docs://other (docs://other)", registered.getMessage());
        assertEquals(1, registry.resources().size());
    }

    static class ReadmeSpelledTwice {
        @McpResource(uri = "docs://readme", name = "read-me")
        public String readme() {
            return "readme";
        }

        @McpResource(uri = "docs://README.md", name = "READ_ME")
        public String readmeMarkdown() {
            return "# readme";
        }
    }

    static class ChapterSpelledTwice {
        @McpResourceTemplate(uriTemplate = "docs://chapters/{n}", name = "chapter.n")
        public String chapter(@Arg(name = "n") int n) {
            return "chapter " + n;
        }

        @McpResourceTemplate(uriTemplate = "docs://appendix/{n}", name = "chapter_n")
        public String appendix(@Arg(name = "n") int n) {
            return "appendix " + n;
        }
    }

    /**
     * Names that environment variables spell alike (MCP_RESOURCES_READ_ME_ENABLED) share the operator's overrides:
     * refused within a kind, as one name twice is; a resource and a template have overrides apart.
     */
    @Test
    void twoResourceOrTemplateNamesEnvironmentVariablesSpellAlikeFailNamingBoth() {
        String resources = deploymentError(new ReadmeSpelledTwice());
        assertTrue(resources.startsWith("MCP resource names 'read-me' (" + ReadmeSpelledTwice.class.getName() + "#readme) and 'READ_ME' ("
                + ReadmeSpelledTwice.class.getName() + "#readmeMarkdown) are one name to environment variables: MCP_RESOURCES_READ_ME_ROLES"),
                resources);
        String templates = deploymentError(new ChapterSpelledTwice());
        assertTrue(templates.startsWith("MCP resource template names '") && templates.contains("'chapter.n'")
                && templates.contains("'chapter_n'"), templates);
        assertTrue(templates.contains("MCP_RESOURCE_TEMPLATES_CHAPTER_N_ROLES"), templates);
        ResourceRegistry registry = new TestBeans(new OneNameForAResourceAndATemplate())
                .registry(new ResourceRegistry(), new McpSettings(key -> Optional.empty()));
        DefinitionException registered = assertThrows(DefinitionException.class,
                () -> registry.register(ResourceDefinition.of("docs://other", "CHAPTER", "text/plain", (uri, context) -> "other")));
        assertTrue(registered.getMessage().startsWith("MCP resource names 'chapter'"), registered.getMessage());
        assertTrue(registry.remove("docs://chapters"));
        registry.register(ResourceDefinition.of("docs://other", "CHAPTER", "text/plain", (uri, context) -> "other"));
        assertEquals(2, registry.listedItems().size(), "free once the other resource is removed; the template's name is apart");
    }

    /** A resource no client could read (its URI beyond the 2048 characters a read may name) is refused, not listed dead. */
    @Test
    void aResourceWhoseUriIsLongerThanAReadMayNameIsRefusedWhenItIsDefined() {
        ResourceRegistry registry = new TestBeans(new OneNameForAResourceAndATemplate())
                .registry(new ResourceRegistry(), new McpSettings(key -> Optional.empty()));
        String uri = "docs://" + "a".repeat(2042);
        DefinitionException e = assertThrows(DefinitionException.class,
                () -> registry.register(ResourceDefinition.of(uri, "long", "text/plain", (u, context) -> "long")));
        assertEquals("registered " + uri + ": resource URI '" + uri.substring(0, 64) + "…' is 2049 characters long;"
                + " a client can read one of at most 2048", e.getMessage());
        registry.register(ResourceDefinition.of(uri.substring(1), "longest", "text/plain", (u, context) -> "longest"));
        assertEquals(2, registry.resources().size(), "a URI of 2048 characters is registered");
    }

    private static String deploymentError(Object bean) {
        McpSettings settings = new McpSettings(key -> Optional.empty());
        return assertThrows(DefinitionException.class, () -> new TestBeans(bean).registry(new ResourceRegistry(), settings)).getMessage();
    }

    @Test
    void aCallerWatchesAUriOnlyWhenItMayReadWhatTheUriNames() {
        Caller admin = caller("admin");
        Caller reader = caller("reader");
        assertEquals("the secret room", text(call("resources/read", uri("x://secret-room"), admin)));
        assertTrue(feature.mayWatch(admin, "x://secret-room"));
        // the public template x://{a}-{b} matches the URI too, but the URI names the restricted resource
        McpException denied = assertThrows(McpException.class, () -> call("resources/read", uri("x://secret-room"), reader));
        assertEquals(ErrorCode.FORBIDDEN, denied.code(), denied.getMessage());
        assertFalse(feature.mayWatch(reader, "x://secret-room"), "updates of the restricted resource would reach the reader");
        assertEquals("4+4", text(call("resources/read", uri("x://open-door"), reader)));
        assertTrue(feature.mayWatch(reader, "x://open-door"));
        assertFalse(feature.mayWatch(reader, "y://nothing"));
    }

    /**
     * RFC 3986 §6.2.2: a URI that differs from the restricted one only by percent-encoding an unreserved character, by
     * the case of a triplet's hex digits, or by dot segments names the same resource: it reached the public template
     * x://{a}-{b}, whose method was handed the values the restricted URI would have given it.
     */
    @Test
    void anEquivalentSpellingOfARestrictedUriNamesTheRestrictedResource() {
        Caller admin = caller("admin");
        Caller reader = caller("reader");
        for (String spelled : List.of("x://%73ecret-room", "x://secret%2Droom", "x://secre%74-room", "x://%73%65%63%72%65%74-room")) {
            assertEquals("the secret room", text(call("resources/read", uri(spelled), admin)), spelled);
            McpException denied = assertThrows(McpException.class, () -> call("resources/read", uri(spelled), reader), spelled);
            assertEquals(ErrorCode.FORBIDDEN, denied.code(), spelled + ": " + denied.getMessage());
            assertFalse(feature.mayWatch(reader, spelled), spelled);
        }
        assertEquals("4+4", text(call("resources/read", uri("x://open%2ddoor"), reader)), "a template still matches the normal form");
    }

    @Test
    void dotSegmentsAreRemovedBeforeATemplateIsChosen() {
        ResourceRegistry registry = new TestBeans(new Repositories()).registry(new ResourceRegistry(), new McpSettings(key -> Optional.empty()));
        var owned = registry.resolve("repo://acme/./tools/../widgets", r -> true).orElseThrow();
        assertEquals("repo://{owner}/{name}", owned.getKey().key(), "repo://acme/widgets, not a path for repo://{+path}");
        assertEquals(Map.of("owner", "acme", "name", "widgets"), owned.getValue());
    }

    @Test
    void aResourceOrTemplateNotInNormalFormStopsTheDeployment() {
        ResourceRegistry registry = new TestBeans(new Repositories()).registry(new ResourceRegistry(), new McpSettings(key -> Optional.empty()));
        DefinitionException fixed = assertThrows(DefinitionException.class,
                () -> registry.register(ResourceDefinition.of("docs://%7ename", "tilde", "text/plain", (u, context) -> "t")));
        assertTrue(fixed.getMessage().contains("write it as 'docs://~name'"), fixed.getMessage());
        IllegalArgumentException template = assertThrows(IllegalArgumentException.class, () -> new UriTemplate("docs://a/./{b}"));
        assertTrue(template.getMessage().contains("write it as docs://a/{b}"), template.getMessage());
    }

    /** A subscriptions/listen stream asks this for every update it would deliver: it must follow the live overrides. */
    @Test
    void whetherACallerMayWatchAUriFollowsTheOperatorsLiveOverrides() {
        Map<String, String> config = new java.util.HashMap<>();
        ResourcesFeature live = feature(config);
        Caller admin = caller("admin");
        assertTrue(live.mayWatch(admin, "x://vault"));
        config.put("mcp.resources.vault.roles", "auditor");
        assertFalse(live.mayWatch(admin, "x://vault"), "its roles changed");
        assertTrue(live.mayWatch(caller("auditor"), "x://vault"));
        config.remove("mcp.resources.vault.roles");
        config.put("mcp.resources.vault.enabled", "false");
        assertFalse(live.mayWatch(admin, "x://vault"), "switched off");
        config.remove("mcp.resources.vault.enabled");
        assertTrue(live.mayWatch(admin, "x://vault"));
    }

    /** The subscriptions of one session. */
    private static final class Subscribed implements SessionView {
        final Set<String> uris = new java.util.TreeSet<>();

        @Override
        public String id() {
            return "session";
        }

        @Override
        public Optional<LogLevel> logLevel() {
            return Optional.empty();
        }

        @Override
        public void logLevel(LogLevel level) {
        }

        @Override
        public boolean subscribe(String uri, int max) {
            if (!uris.contains(uri) && uris.size() >= max) {
                return false;
            }
            uris.add(uri);
            return true;
        }

        @Override
        public void unsubscribe(String uri) {
            uris.remove(uri);
        }

        @Override
        public boolean isSubscribed(String uri) {
            return uris.contains(uri);
        }
    }

    /**
     * A subscription runs none of the resource's code: its rate limit counts reads, not subscriptions. Before, a
     * subscribe spent the one read an hour of x://vault, and the read that followed got 429.
     */
    @Test
    void aSubscriptionSpendsNoUseOfTheResourcesRateLimit() {
        Map<String, String> config = new java.util.HashMap<>(Map.of("mcp.resources.vault.rate-limit", "1/PT1H"));
        ResourcesFeature live = feature(config);
        Subscribed session = new Subscribed();
        Caller admin = caller("admin");
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, call(live, "resources/subscribe", uri("x://vault"), admin, session));
        call(live, "resources/read", uri("x://vault"), admin, session);
        McpException limited = assertThrows(McpException.class, () -> call(live, "resources/read", uri("x://vault"), admin, session));
        assertEquals(McpException.Reason.RATE_LIMITED, limited.reason(), "the read counted, the subscription did not");
    }

    /**
     * A subscription is kept in the URI's normal form, as updates are announced: one to another spelling of the URI was
     * checked against the resource it names, then heard none of its updates, and an unsubscribe in the normal form
     * left it counting against mcp.subscriptions.max-per-session.
     */
    @Test
    void aSubscriptionToAnotherSpellingOfAUriIsOneToTheUri() {
        ResourcesFeature live = feature(new java.util.HashMap<>(Map.of("mcp.subscriptions.max-per-session", "1")));
        Subscribed session = new Subscribed();
        Caller admin = caller("admin");
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, call(live, "resources/subscribe", uri("X://%73ecret-room"), admin, session));
        assertTrue(session.isSubscribed("x://secret-room"), session.uris.toString());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, call(live, "resources/unsubscribe", uri("x://secret-room"), admin, session));
        assertEquals(Set.of(), session.uris);
    }

    /**
     * Whatever became of what the URI named, unsubscribing ends the subscription and answers success: a subscription
     * kept would count against mcp.subscriptions.max-per-session for the session's life.
     */
    @Test
    void anUnsubscribeEndsTheSubscriptionWhateverBecameOfTheResource() {
        Map<String, String> config = new java.util.HashMap<>(Map.of("mcp.subscriptions.max-per-session", "1"));
        ResourcesFeature live = feature(config);
        Subscribed session = new Subscribed();
        Caller admin = caller("admin");
        for (String change : List.of("mcp.resources.vault.enabled=false", "mcp.resources.vault.roles=auditor")) {
            assertEquals(JsonValue.EMPTY_JSON_OBJECT, call(live, "resources/subscribe", uri("x://vault"), admin, session));
            String[] setting = change.split("=");
            config.put(setting[0], setting[1]);
            assertThrows(McpException.class, () -> call(live, "resources/read", uri("x://vault"), admin, session), change);
            assertEquals(JsonValue.EMPTY_JSON_OBJECT, call(live, "resources/unsubscribe", uri("x://vault"), admin, session), change);
            assertEquals(Set.of(), session.uris, change);
            config.remove(setting[0]);
        }
        Exchange unsubscribe = exchange("resources/unsubscribe", uri("x://never-was"), admin, session);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, handler(live, "resources/unsubscribe").apply(unsubscribe));
        assertEquals(Outcome.OK, unsubscribe.observation().outcome(), "audited like every operation");
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, call(live, "resources/subscribe", uri("x://secret-room"), admin, session),
                "the one place of the session is free again");
    }

    @Test
    void anUnsubscribeOfAMalformedUriIsStillInvalidParams() {
        Subscribed session = new Subscribed();
        Map<JsonObject, String> requests = Map.of(
                JsonFactory.createObjectBuilder().add("uri", 7).build(), "Invalid params: resources/unsubscribe needs a string 'uri'",
                JsonObject.EMPTY_JSON_OBJECT, "Invalid params: resources/unsubscribe needs a string 'uri'",
                uri("x://" + "a".repeat(2045)), "Invalid params: a resource URI is at most 2048 characters long");
        requests.forEach((params, expected) -> {
            Exchange unsubscribe = exchange("resources/unsubscribe", params, Caller.ANONYMOUS, session);
            McpException e = assertThrows(McpException.class, () -> handler(feature, "resources/unsubscribe").apply(unsubscribe));
            assertEquals(ErrorCode.INVALID_PARAMS, e.code(), e.getMessage());
            assertEquals(expected, e.getMessage());
            assertEquals(Outcome.INVALID, unsubscribe.observation().outcome(), expected);
        });
    }

    private static JsonObject call(ResourcesFeature feature, String method, JsonObject params, Caller caller, SessionView session) {
        return handler(feature, method).apply(exchange(method, params, caller, session));
    }

    private static java.util.function.Function<Exchange, JsonObject> handler(ResourcesFeature feature, String method) {
        return feature.methods().stream().filter(x -> x.name().equals(method)).findFirst().orElseThrow().handler();
    }

    private static Exchange exchange(String method, JsonObject params, Caller caller, SessionView session) {
        return Exchange.builder(ProtocolRevision.LATEST_LEGACY, method).params(params).caller(caller).session(session).build();
    }

    private static Caller caller(String role) {
        return new Caller("https://issuer.example", role + "-user", Set.of(role), Map.of(), Instant.now().plusSeconds(300), "127.0.0.1");
    }

    private static JsonObject uri(String uri) {
        return JsonFactory.createObjectBuilder().add("uri", uri).build();
    }

    @Test
    void variablesThatConvertToTheParameterTypesBind() {
        assertEquals("chapter 4", text(read("docs://chapters/3")));
        assertEquals("chapter 0", text(read("docs://chapters/-1")));
        assertEquals("item 123e4567-e89b-12d3-a456-426614174000", text(read("x://items/123e4567-e89b-12d3-a456-426614174000")));
        assertEquals("day 2024-03-01", text(read("x://days/2024-02-29")));
        assertEquals("color 1", text(read("x://colors/GREEN")));
        assertEquals("flag true 14", text(read("x://flags/true/7")));
    }

    static class OptionalResources {
        @McpResourceTemplate(uriTemplate = "x://words/{word}")
        public Optional<String> word(@Arg(name = "word") String word) {
            return word.equals("none") ? Optional.empty() : Optional.of("the word " + word);
        }

        @McpResource(uri = "x://bytes", mimeType = "application/octet-stream")
        public Optional<byte[]> bytes() {
            return Optional.of(new byte[] {1, 2, 3});
        }

        @McpResource(uri = "x://pages")
        public Optional<List<String>> pages() {
            return Optional.of(List.of("one", "two"));
        }

        @McpResource(uri = "x://nothing")
        public String nothing() {
            return null;
        }

        @McpResource(uri = "x://sparse-pages")
        public List<Object> sparsePages() {
            return java.util.Arrays.asList("one", null, Optional.empty(), Optional.of("two"), Optional.of(new byte[] {1, 2, 3}));
        }
    }

    /** The feature over the resources of {@code beans}, with every setting at its default. */
    private static ResourcesFeature featureOver(Object beans) {
        ResourcesFeature feature = new ResourcesFeature();
        McpSettings settings = new McpSettings(key -> Optional.empty());
        feature.registry = new TestBeans(beans).registry(new ResourceRegistry(), settings);
        feature.pipeline = Pipelines.create(settings);
        feature.settings = settings;
        return feature;
    }

    /** An Optional reads as its value, an empty one as null does, never as the text "Optional[…]". */
    @Test
    void aResourceReturningAnOptionalReadsAsItsValue() {
        ResourcesFeature feature = featureOver(new OptionalResources());
        java.util.function.Function<String, JsonObject> read = uri -> call(feature, "resources/read", uri(uri), Caller.ANONYMOUS, null);

        assertEquals("the word hello", text(read.apply("x://words/hello")));
        JsonObject empty = read.apply("x://words/none").getJsonArray("contents").getJsonObject(0);
        JsonObject ofNull = read.apply("x://nothing").getJsonArray("contents").getJsonObject(0);
        assertEquals(List.of(ofNull.keySet(), ofNull.getString("text")), List.of(empty.keySet(), empty.getString("text")));
        assertEquals("AQID", read.apply("x://bytes").getJsonArray("contents").getJsonObject(0).getString("blob"));
        assertEquals(List.of("one", "two"), read.apply("x://pages").getJsonArray("contents").stream()
                .map(c -> c.asJsonObject().getString("text")).toList());
    }

    /**
     * Each element of a returned collection reads as a returned value does; a null or an empty Optional among them is
     * left out. Before, an Optional there read as the text "Optional[two]", a null as an empty text.
     */
    @Test
    void aResourceReturningACollectionReadsEachOptionalAsItsValueAndLeavesGapsOut() {
        ResourcesFeature feature = featureOver(new OptionalResources());
        JsonObject read = call(feature, "resources/read", uri("x://sparse-pages"), Caller.ANONYMOUS, null);
        assertEquals(List.of("text one", "text two", "blob AQID"), read.getJsonArray("contents").stream().map(JsonValue::asJsonObject)
                .map(c -> c.containsKey("blob") ? "blob " + c.getString("blob") : "text " + c.getString("text")).toList());
    }

    static class SparseResources {
        @McpResourceTemplate(uriTemplate = "x://orders/{id}")
        public String order(@Arg(name = "id") String id) {
            if (!id.equals("7")) {
                throw new ResourceNotFoundException();
            }
            return "order 7";
        }

        /** As an EJB container rethrows what a session bean's method throws: in an {@code EJBException}, as its cause. */
        @McpResourceTemplate(uriTemplate = "x://bean-orders/{id}")
        public String beanOrder(@Arg(name = "id") String id) {
            RuntimeException thrown = switch (id) {
                case "7" -> null;
                case "0" -> dev.jakartamcp.beans.Violations.of("beanOrder", jakarta.validation.ElementKind.PARAMETER, "id",
                        "must be positive");
                // a validated method of another bean the code called wrongly: the resource's failure, not the caller's
                case "9" -> dev.jakartamcp.beans.Violations.of("lookup", jakarta.validation.ElementKind.PARAMETER, "id",
                        "must not be null");
                // as McpContext throws for a client without the capability asked for
                case "5" -> new McpException(-32021, "Missing required client capability: elicitation");
                default -> new ResourceNotFoundException();
            };
            if (thrown == null) {
                return "order 7";
            }
            throw new RuntimeException("as a container wraps it", thrown);
        }

        @McpResource(uri = "x://raw", mimeType = "")
        public String raw() {
            return "hi";
        }
    }

    /**
     * A template matches every URI of its form; the method says which exist (server/resources: not found is an error,
     * never empty contents), -32002 up to 2025-11-25 and -32602 from 2026-07-28, the URI in the data either way.
     */
    @Test
    void aTemplateMethodThatFindsNothingAnswersResourceNotFound() {
        ResourcesFeature feature = featureOver(new SparseResources());
        assertEquals("order 7", text(call(feature, "resources/read", uri("x://orders/7"), Caller.ANONYMOUS, null)));
        assertEquals("order 7", text(call(feature, "resources/read", uri("x://bean-orders/7"), Caller.ANONYMOUS, null)));
        for (ProtocolRevision revision : new ProtocolRevision[] {ProtocolRevision.V2025_11_25, ProtocolRevision.V2026_07_28}) {
            // also when the exception comes wrapped, as an EJB container rethrows it
            for (String unknown : List.of("x://orders/8", "x://bean-orders/8")) {
                Exchange read = Exchange.builder(revision, "resources/read").params(uri(unknown)).caller(Caller.ANONYMOUS).build();
                McpException e = assertThrows(McpException.class, () -> handler(feature, "resources/read").apply(read));
                assertEquals(revision.isModern() ? ErrorCode.INVALID_PARAMS : ErrorCode.RESOURCE_NOT_FOUND, e.code(), revision.wire());
                assertEquals("Resource not found: " + unknown, e.getMessage());
                assertEquals(unknown, ((JsonObject) e.data()).getString("uri"));
            }
        }
        Exchange refused = Exchange.builder(ProtocolRevision.V2025_11_25, "resources/read").params(uri("x://bean-orders/0"))
                .caller(Caller.ANONYMOUS).build();
        McpException e = assertThrows(McpException.class, () -> handler(feature, "resources/read").apply(refused));
        assertEquals(ErrorCode.INVALID_PARAMS, e.code(), e.getMessage());
        assertEquals("Invalid params: variables of x://bean-orders/{id}: beanOrder.id: must be positive", e.getMessage());
        java.util.function.Function<String, McpException> failing = id -> assertThrows(McpException.class, () -> handler(feature, "resources/read")
                .apply(Exchange.builder(ProtocolRevision.V2025_11_25, "resources/read").params(uri("x://bean-orders/" + id)).caller(Caller.ANONYMOUS).build()));
        assertEquals(ErrorCode.INTERNAL_ERROR, failing.apply("9").code(), failing.apply("9").getMessage());
        assertEquals(-32021, failing.apply("5").code());
        JsonObject raw = call(feature, "resources/read", uri("x://raw"), Caller.ANONYMOUS, null).getJsonArray("contents").getJsonObject(0);
        assertEquals(Set.of("uri", "text"), raw.keySet(), "an empty MIME type is none, as in the list: " + raw);
    }

    @Test
    void variablesThatDoNotConvertAreInvalidParamsNamingTheVariable() {
        assertInvalid("docs://chapters/three", "'n'", "must be an integer");
        assertInvalid("docs://chapters/3.5", "'n'", "must be an integer");
        assertInvalid("docs://chapters/99999999999", "'n'", "must be between");
        assertInvalid("docs://chapters/+3", "'n'", "must be an integer");
        assertInvalid("x://items/not-a-uuid", "'id'", "must be a UUID");
        assertInvalid("x://days/2024-02-30", "'day'", "must be");
        assertInvalid("x://colors/BLUE", "'c'", "must be one of RED, GREEN");
        assertInvalid("x://flags/yes/7", "'on'", "must be true or false");
        assertInvalid("x://flags/true/seven", "'size'", "must be an integer");
    }

    @Test
    void numberVariablesAreBoundedLikeJsonArguments() {
        String bound = "must have at most 1000 significant digits, 1000 before the point and 1000 after it (exponent included)";
        assertInvalid("x://amounts/1e500000000/1", "'a'", bound);
        assertInvalid("x://amounts/1/1e500000000", "'n'", bound);
        assertInvalid("x://amounts/1e-1001/1", "'a'", bound);
        assertInvalid("docs://chapters/1e500000000", "'n'", bound);
        assertEquals("amount 1E+999 12345678901234567890", text(read("x://amounts/1e999/12345678901234567890")));
        assertEquals("amount -1.5 10000000000", text(read("x://amounts/-1.5/1e10")));
    }

    @Test
    void aUriLongerThan2048CharactersIsRefusedBeforeItIsMatched() {
        // against x://{a}-{b} this one backtracks about N²/2 steps: minutes of CPU
        String uri = "x://" + "-".repeat(200_000) + "/";
        for (String method : List.of("resources/read", "resources/subscribe")) {
            McpException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(McpException.class, () -> call(method, JsonFactory.createObjectBuilder().add("uri", uri).build())));
            assertEquals(ErrorCode.INVALID_PARAMS, e.code(), method + ": " + e.getMessage());
            assertEquals("Invalid params: a resource URI is at most 2048 characters long", e.getMessage());
        }
        String longest = "x://" + "a".repeat(2042) + "-b";
        assertEquals(2048, longest.length());
        assertEquals("2042+1", text(read(longest)));
    }

    private void assertInvalid(String uri, String... expected) {
        McpException e = assertThrows(McpException.class, () -> read(uri), uri);
        assertEquals(ErrorCode.INVALID_PARAMS, e.code(), uri + ": " + e.getMessage());
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), uri + ": " + e.getMessage());
        }
    }

    private JsonObject read(String uri) {
        return call("resources/read", JsonFactory.createObjectBuilder().add("uri", uri).build());
    }

    private JsonObject call(String method, JsonObject params) {
        return call(method, params, Caller.ANONYMOUS);
    }

    private JsonObject call(String method, JsonObject params, Caller caller) {
        McpMethod m = feature.methods().stream().filter(x -> x.name().equals(method)).findFirst().orElseThrow();
        return m.handler().apply(Exchange.builder(ProtocolRevision.LATEST_LEGACY, method).params(params).caller(caller).build());
    }

    private static String text(JsonObject result) {
        return result.getJsonArray("contents").getJsonObject(0).getString("text");
    }

    static ResourcesFeature feature(Map<String, String> config) {
        McpSettings settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
        ResourcesFeature feature = new ResourcesFeature();
        feature.registry = new TestBeans(new Templates(), new Restricted()).registry(new ResourceRegistry(), settings);
        feature.pipeline = Pipelines.create(settings);
        feature.settings = settings;
        return feature;
    }

    /**
     * 2026-07-28 (server/resources): {@code subscribe} is "whether the server supports resource-specific update
     * notifications for resources requested through subscriptions/listen using the resourceSubscriptions filter",
     * which this server honours; a client that checks the capability first would never subscribe.
     */
    @Test
    void everyRevisionDeclaresResourceSubscriptionsUnlessTheOperatorAllowsNone() {
        Map<String, String> config = new java.util.HashMap<>();
        ResourcesFeature feature = new ResourcesFeature();
        feature.settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
        for (ProtocolRevision revision : ProtocolRevision.values()) {
            jakarta.json.JsonObjectBuilder capabilities = JsonFactory.createObjectBuilder();
            feature.declareCapabilities(revision, capabilities);
            assertEquals(JsonFactory.createObjectBuilder().add("subscribe", true).add("listChanged", true).build(),
                    capabilities.build().getJsonObject("resources"), revision.toString());
        }
        config.put("mcp.subscriptions.max-per-session", "0");
        jakarta.json.JsonObjectBuilder none = JsonFactory.createObjectBuilder();
        feature.declareCapabilities(ProtocolRevision.V2025_11_25, none);
        assertEquals(JsonFactory.createObjectBuilder().add("subscribe", false).add("listChanged", true).build(),
                none.build().getJsonObject("resources"));
        config.put("mcp.subscriptions.max-per-session", "many");
        jakarta.json.JsonObjectBuilder malformed = JsonFactory.createObjectBuilder();
        feature.declareCapabilities(ProtocolRevision.V2025_11_25, malformed); // fails the subscriptions, not initialize
        assertEquals(JsonFactory.createObjectBuilder().add("subscribe", true).add("listChanged", true).build(),
                malformed.build().getJsonObject("resources"));
    }
}
