package dev.jakartamcp.completion;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Complete;
import dev.jakartamcp.api.McpResourceTemplate;
import dev.jakartamcp.api.Prompt;
import dev.jakartamcp.api.PromptDefinition;
import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.ops.LogCapture;
import dev.jakartamcp.pipeline.Pipelines;
import dev.jakartamcp.prompts.PromptRegistry;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.resources.ResourceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletionFeatureTest {

    static class Templates {
        @McpResourceTemplate(uriTemplate = "x://{a}-{b}")
        public String pair(@Arg(name = "a") String a, @Arg(name = "b") String b) {
            return a + b;
        }

        @Complete(resourceTemplate = "x://{a}-{b}", argument = "a")
        public List<String> a(String partial) {
            return List.of(partial + "1", partial + "2");
        }

        @McpResourceTemplate(uriTemplate = "x://{kind}/{id}")
        public String any(@Arg(name = "kind") String kind, @Arg(name = "id") String id) {
            return kind + id;
        }

        @McpResourceTemplate(uriTemplate = "x://secret/{id}")
        public String secret(@Arg(name = "id") String id) {
            return id;
        }

        @Complete(resourceTemplate = "x://secret/{id}", argument = "id")
        public List<String> secretIds(String partial) {
            return List.of("s3cret");
        }

        @McpResourceTemplate(uriTemplate = "y://{country}/{city}")
        public String city(@Arg(name = "country") String country, @Arg(name = "city") String city) {
            return country + city;
        }

        @Complete(resourceTemplate = "y://{country}/{city}", argument = "city")
        public List<String> cities(Map<String, String> resolved, String partial) {
            return List.of(new java.util.TreeMap<>(resolved).toString(), partial);
        }
    }

    static class MapOfNumbers {
        @McpResourceTemplate(uriTemplate = "z://{n}")
        public String z(@Arg(name = "n") String n) {
            return n;
        }

        @Complete(resourceTemplate = "z://{n}", argument = "n")
        public List<String> n(Map<String, Integer> resolved) {
            return List.of();
        }
    }

    static class UnknownTemplate {
        @Complete(resourceTemplate = "nowhere://{id}", argument = "id")
        public List<String> ids(String partial) {
            return List.of();
        }
    }

    static class UnknownVariable {
        @McpResourceTemplate(uriTemplate = "v://{id}")
        public String v(@Arg(name = "id") String id) {
            return id;
        }

        @Complete(resourceTemplate = "v://{id}", argument = "identifier")
        public List<String> ids(String partial) {
            return List.of();
        }
    }

    static class UndeclaredPromptArgument {
        @Prompt
        public String greet(@Arg(name = "name") String name) {
            return "Hello " + name;
        }

        @Complete(prompt = "greet", argument = "nmae")
        public List<String> names(String partial) {
            return List.of();
        }
    }

    static class PromptRegisteredLater {
        @Complete(prompt = "later", argument = "topic")
        public List<String> topics(String partial) {
            return List.of("jakarta");
        }
    }

    static class AsyncCompleter {
        @McpResourceTemplate(uriTemplate = "w://{id}")
        public String w(@Arg(name = "id") String id) {
            return id;
        }

        @Complete(resourceTemplate = "w://{id}", argument = "id")
        public java.util.concurrent.CompletableFuture<List<String>> ids(String partial) {
            return java.util.concurrent.CompletableFuture.completedFuture(List.of());
        }
    }

    static class OptionalCompleters {
        @McpResourceTemplate(uriTemplate = "o://{id}/{tag}")
        public String o(@Arg(name = "id") String id, @Arg(name = "tag") String tag) {
            return id + tag;
        }

        @Complete(resourceTemplate = "o://{id}/{tag}", argument = "id")
        public Optional<List<String>> ids(String partial) {
            return Optional.of(List.of(partial + "1", partial + "2"));
        }

        @Complete(resourceTemplate = "o://{id}/{tag}", argument = "tag")
        public Optional<java.util.SortedSet<String>> tags(String partial) {
            return Optional.empty();
        }
    }

    static class NullSuggestions {
        @McpResourceTemplate(uriTemplate = "n://{id}")
        public String n(@Arg(name = "id") String id) {
            return id;
        }

        @Complete(resourceTemplate = "n://{id}", argument = "id")
        public List<String> ids(String partial) {
            return java.util.Arrays.asList(null, partial + "1", null, partial + "2");
        }
    }

    /** The template of the completers below, which return what no suggestion can be made of, one type each. */
    static class UnsuggestiveTemplate {
        @McpResourceTemplate(uriTemplate = "u://{id}")
        public String u(@Arg(name = "id") String id) {
            return id;
        }
    }

    static class ReturningString {
        @Complete(resourceTemplate = "u://{id}", argument = "id")
        public String ids(String partial) {
            return partial;
        }
    }

    static class ReturningOptionalString {
        @Complete(resourceTemplate = "u://{id}", argument = "id")
        public Optional<String> ids(String partial) {
            return Optional.of(partial);
        }
    }

    static class ReturningNumbers {
        @Complete(resourceTemplate = "u://{id}", argument = "id")
        public List<Integer> ids(String partial) {
            return List.of(1);
        }
    }

    static class ReturningAnArray {
        @Complete(resourceTemplate = "u://{id}", argument = "id")
        public String[] ids(String partial) {
            return new String[] {partial};
        }
    }

    static class ReturningNothing {
        @Complete(resourceTemplate = "u://{id}", argument = "id")
        public void ids(String partial) {
        }
    }

    /** A public prompt whose name begins another's, restricted one. */
    static class PrefixedPrompts {
        @Prompt(name = "report")
        public String report(@Arg(name = "topic") String topic) {
            return topic;
        }

        @jakarta.annotation.security.RolesAllowed("admin")
        @Prompt(name = "report admin")
        public String adminReport(@Arg(name = "customer") String customer) {
            return customer;
        }

        @Complete(prompt = "report admin", argument = "customer")
        public List<String> customers(String partial) {
            return List.of("ACME Corp (secret)");
        }

        @Complete(prompt = "report", argument = "topic")
        public List<String> topics(String partial) {
            return List.of("sales");
        }
    }

    /** A completer an EJB container refuses (its method's own check), or whose code another bean refused. */
    static class RefusedCompleters {
        /** As the container refuses the completer's own method: before it runs, so without it on the stack. */
        static final jakarta.ejb.EJBAccessException CONTAINER_REFUSAL = dev.jakartamcp.beans.ContainerRefusals.ofTheItemsOwnMethod();

        @McpResourceTemplate(uriTemplate = "e://{kind}")
        public String e(@Arg(name = "kind") String kind) {
            return kind;
        }

        @Complete(resourceTemplate = "e://{kind}", argument = "kind")
        public List<String> kinds(String partial) {
            if (partial.equals("inner")) {
                throw new jakarta.ejb.EJBAccessException("Client not authorized for this invocation"); // another bean it called
            }
            throw new RuntimeException("as a container wraps it", CONTAINER_REFUSAL);
        }
    }

    private final CompletionFeature feature = feature(Map.of());

    /** A completion/complete is audited, also when the dispatcher refuses it before the pipeline runs. */
    @Test
    void completionsAreAudited() {
        assertEquals(Map.of("completion/complete", true),
                feature.methods().stream().collect(java.util.stream.Collectors.toMap(McpMethod::name, McpMethod::audited)));
    }

    @Test
    void aCompleterReturningAnOptionalAnswersAsItsValueAndAnEmptyOneSuggestsNothing() {
        CompletionFeature optional = uninitialised(Map.of(), new OptionalCompleters());
        optional.init();
        assertEquals(List.of("p1", "p2"), values(complete(optional, "o://{id}/{tag}", "id")));
        assertEquals(List.of(), values(complete(optional, "o://{id}/{tag}", "tag")));
    }

    /**
     * A null in a completer's suggestions is no suggestion: left out, and not counted in total, where it was suggested
     * as the text "null".
     */
    @Test
    void aNullAmongACompletersSuggestionsIsLeftOut() {
        CompletionFeature nulls = uninitialised(Map.of(), new NullSuggestions());
        nulls.init();
        JsonObject answer = complete(nulls, "n://{id}", "id");
        assertEquals(List.of("p1", "p2"), values(answer));
        assertEquals(2, answer.getJsonObject("completion").getInt("total"));
    }

    @Test
    void aCompleterReturningAnythingButACollectionOfStringsFailsTheDeploymentNamingIt() {
        Map<Object, String> returned = new LinkedHashMap<>();
        returned.put(new ReturningString(), "String");
        returned.put(new ReturningOptionalString(), "Optional<String>");
        returned.put(new ReturningNumbers(), "List<Integer>");
        returned.put(new ReturningAnArray(), "String[]");
        returned.put(new ReturningNothing(), "void");
        returned.forEach((bean, type) -> {
            DefinitionException e = assertThrows(DefinitionException.class, uninitialised(Map.of(), new UnsuggestiveTemplate(), bean)::init, type);
            assertEquals(bean.getClass().getName() + "#ids: a @Complete method returns its suggestions as a List<String> (or"
                    + " another Collection of String), or an Optional of one; this one returns " + type, e.getMessage());
        });
    }

    @Test
    void aCompleterReturningAFutureFailsTheDeploymentNamingIt() {
        DefinitionException e = assertThrows(DefinitionException.class, uninitialised(Map.of(), new AsyncCompleter())::init);
        assertEquals(AsyncCompleter.class.getName() + "#ids: its result (CompletableFuture) is asynchronous, which is not supported:"
                + " the method already runs on the server's managed executor; return the value itself", e.getMessage());
    }

    @Test
    void aUriLongerThan2048CharactersIsRefusedBeforeItIsMatched() {
        // against x://{a}-{b} this one backtracks about N²/2 steps: minutes of CPU
        String uri = "x://" + "-".repeat(200_000) + "/";
        McpException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(McpException.class, () -> complete(uri, "a")));
        assertEquals(ErrorCode.INVALID_PARAMS, e.code(), e.getMessage());
        assertEquals("Invalid params: a resource URI is at most 2048 characters long", e.getMessage());
        String longest = "x://" + "a".repeat(2042) + "-b";
        assertEquals(2048, longest.length());
        assertEquals(List.of(), values(complete(longest, "b")), "matched x://{a}-{b}, which has no completer for b");
    }

    @Test
    void aSwitchedOffTemplatesCompleterIsNotReachableThroughATemplateThatMatchesItsText() {
        assertEquals(List.of("s3cret"), values(complete(feature, "x://secret/{id}", "id")));
        CompletionFeature secretOff = feature(Map.of("mcp.resource-templates.secret.enabled", "false"));
        assertEquals(List.of(), values(complete(secretOff, "x://secret/{id}", "id")), "x://{kind}/{id} has no completer for id");
    }

    @Test
    void aUriMatchedByATemplateGetsThatTemplatesCompletions() {
        assertEquals(List.of("p1", "p2"), values(complete("x://p-q", "a")));
        assertEquals(List.of(), values(complete("x://p-q", "b")));
    }

    @Test
    void aCompleterGetsTheArgumentsAlreadyResolvedOfItsTemplateOnly() {
        JsonObject context = JsonFactory.createObjectBuilder().add("arguments", JsonFactory.createObjectBuilder()
                .add("country", "jp").add("unrelated", "left out")).build();
        assertEquals(List.of("{country=jp}", "p"), values(complete(feature, "y://{country}/{city}", "city", context)));
        assertEquals(List.of("{}", "p"), values(complete(feature, "y://{country}/{city}", "city", null)),
                "without context (2025-03-26 clients) the map is empty");
        assertEquals(List.of("{}", "p"), values(complete(feature, "y://{country}/{city}", "city",
                JsonFactory.createObjectBuilder().build())), "a context without arguments");
    }

    @Test
    void anArgumentWithoutAStringValueIsInvalidParamsAndRunsNoCompleter() {
        for (JsonObject argument : List.of(JsonFactory.createObjectBuilder().add("name", "city").build(),
                JsonFactory.createObjectBuilder().add("name", "city").add("value", 42).build())) {
            JsonObject params = JsonFactory.createObjectBuilder()
                    .add("ref", JsonFactory.createObjectBuilder().add("type", "ref/resource").add("uri", "y://{country}/{city}"))
                    .add("argument", argument).build();
            McpException e = assertThrows(McpException.class, () -> feature.methods().get(0).handler()
                    .apply(Exchange.builder(ProtocolRevision.LATEST_LEGACY, "completion/complete").params(params).build()));
            assertEquals(ErrorCode.INVALID_PARAMS, e.code());
            assertEquals("Invalid params: completion/complete needs argument.value, a string", e.getMessage());
        }
    }

    @Test
    void contextArgumentsThatAreNotAnObjectOfStringsAreInvalidParams() {
        for (JsonObject context : List.of(
                JsonFactory.createObjectBuilder().add("arguments", JsonFactory.createObjectBuilder().add("country", 5)).build(),
                JsonFactory.createObjectBuilder().add("arguments", JsonFactory.createArrayBuilder().add("jp")).build())) {
            McpException e = assertThrows(McpException.class, () -> complete(feature, "y://{country}/{city}", "city", context));
            assertEquals(ErrorCode.INVALID_PARAMS, e.code(), e.getMessage());
            assertEquals("Invalid params: context.arguments must be an object of strings", e.getMessage());
        }
        JsonObject params = JsonFactory.createObjectBuilder()
                .add("ref", JsonFactory.createObjectBuilder().add("type", "ref/resource").add("uri", "y://{country}/{city}"))
                .add("argument", JsonFactory.createObjectBuilder().add("name", "city").add("value", "p"))
                .add("context", "jp").build();
        McpException e = assertThrows(McpException.class, () -> feature.methods().get(0).handler()
                .apply(Exchange.builder(ProtocolRevision.LATEST_LEGACY, "completion/complete").params(params).build()));
        assertEquals("Invalid params: context must be an object", e.getMessage());
    }

    @Test
    void aCompleterTakingAMapOfAnythingButStringsFailsTheDeployment() {
        CompletionFeature bad = uninitialised(Map.of(), new MapOfNumbers());
        jakarta.enterprise.inject.spi.DefinitionException e = assertThrows(
                jakarta.enterprise.inject.spi.DefinitionException.class, bad::init);
        assertTrue(e.getMessage().contains("Map<String, String>") && e.getMessage().contains("MapOfNumbers#n"), e.getMessage());
    }

    @Test
    void theCompletersAreCheckedWhenTheApplicationStartsNotAtTheFirstRequest() throws NoSuchMethodException {
        java.lang.reflect.Parameter started = CompletionFeature.class.getDeclaredMethod("eager", Object.class).getParameters()[0];
        assertTrue(started.isAnnotationPresent(Observes.class));
        assertEquals(ApplicationScoped.class, started.getAnnotation(Initialized.class).value());
    }

    @Test
    void aCompleterOfATemplateNobodyDeclaresFailsTheDeploymentNamingIt() {
        DefinitionException e = assertThrows(DefinitionException.class, uninitialised(Map.of(), new UnknownTemplate())::init);
        assertEquals(UnknownTemplate.class.getName() + "#ids: @Complete names the resource template 'nowhere://{id}', which no"
                + " @McpResourceTemplate method declares", e.getMessage());
    }

    @Test
    void aCompleterOfAVariableTheTemplateDoesNotHaveFailsTheDeployment() {
        DefinitionException e = assertThrows(DefinitionException.class, uninitialised(Map.of(), new UnknownVariable())::init);
        assertEquals(UnknownVariable.class.getName() + "#ids: @Complete names the variable 'identifier' of the resource template"
                + " 'v://{id}', which has only [id]", e.getMessage());
    }

    @Test
    void aCompleterOfAnArgumentTheDeployedPromptDoesNotDeclareFailsTheDeployment() {
        DefinitionException e = assertThrows(DefinitionException.class, uninitialised(Map.of(), new UndeclaredPromptArgument())::init);
        assertEquals(UndeclaredPromptArgument.class.getName() + "#names: @Complete names the argument 'nmae' of the prompt 'greet',"
                + " which declares only [name]", e.getMessage());
    }

    /**
     * The restricted prompt's completer is not reached through the public prompt whose name begins the other's, given
     * an argument name carrying the rest ('report' + 'admin customer'): only the arguments a prompt declares are
     * completed, each by the completer of exactly that prompt and argument.
     */
    @Test
    void aRestrictedPromptsCompleterIsNotReachedThroughAnotherPromptAndAnArgumentNameThatSpellItsKey() {
        CompletionFeature prefixed = uninitialised(Map.of(), new PrefixedPrompts());
        prefixed.init();
        dev.jakartamcp.protocol.Caller user = new dev.jakartamcp.protocol.Caller("https://issuer.example/", "alice",
                java.util.Set.of("user"), Map.of(), null, "127.0.0.1");
        McpException direct = assertThrows(McpException.class, () -> completePrompt(prefixed, user, "report admin", "customer"));
        assertEquals(ErrorCode.FORBIDDEN, direct.code());
        assertEquals(List.of(), values(completePrompt(prefixed, user, "report", "admin customer")));
        assertEquals(List.of("sales"), values(completePrompt(prefixed, user, "report", "topic")));
    }

    private static JsonObject completePrompt(CompletionFeature feature, dev.jakartamcp.protocol.Caller caller, String prompt, String argument) {
        JsonObject params = JsonFactory.createObjectBuilder()
                .add("ref", JsonFactory.createObjectBuilder().add("type", "ref/prompt").add("name", prompt))
                .add("argument", JsonFactory.createObjectBuilder().add("name", argument).add("value", "")).build();
        return feature.methods().get(0).handler()
                .apply(Exchange.builder(ProtocolRevision.LATEST_LEGACY, "completion/complete").params(params).caller(caller).build());
    }

    /**
     * An EJB container's refusal of the completer's own method is the caller's 403; one thrown while the completer ran
     * (another bean refused it) is the completer's failure. It was judged against the template's method, which never
     * runs in a completion: the completer's own refusal of an inner call was taken for the caller's.
     */
    @Test
    void anEjbRefusalIsTheCallersOnlyWhenItIsOfTheCompletersOwnMethod() {
        CompletionFeature refusing = uninitialised(Map.of(), new RefusedCompleters());
        refusing.init();
        java.util.function.Function<String, McpException> complete = value -> assertThrows(McpException.class, () -> refusing.methods().get(0)
                .handler().apply(Exchange.builder(ProtocolRevision.LATEST_LEGACY, "completion/complete").params(JsonFactory.createObjectBuilder()
                        .add("ref", JsonFactory.createObjectBuilder().add("type", "ref/resource").add("uri", "e://{kind}"))
                        .add("argument", JsonFactory.createObjectBuilder().add("name", "kind").add("value", value)).build()).build()));
        assertEquals(ErrorCode.FORBIDDEN, complete.apply("outer").code());
        McpException inner = complete.apply("inner");
        assertEquals(ErrorCode.INTERNAL_ERROR, inner.code(), inner.getMessage());
        assertTrue(inner.getMessage().startsWith("Completion failed (reference "), inner.getMessage());
    }

    /**
     * A completion is recorded under the prompt's name or the template's URI, whichever its ref's type resolves by.
     * Before, the name came first: a ref/resource carrying a made-up name was recorded under that name.
     */
    @Test
    void aCompletionIsRecordedUnderWhatItsRefsTypeResolvesBy() {
        java.util.function.Function<jakarta.json.JsonObjectBuilder, String> requested = ref -> feature.complete.requestedName(
                Exchange.builder(ProtocolRevision.LATEST_LEGACY, "completion/complete").params(JsonFactory.createObjectBuilder()
                        .add("ref", ref).add("argument", JsonFactory.createObjectBuilder().add("name", "city").add("value", "Par")).build()).build());
        assertEquals("x://cities/{city}", requested.apply(JsonFactory.createObjectBuilder().add("type", "ref/resource")
                .add("uri", "x://cities/{city}").add("name", "decoy")));
        assertEquals("travel", requested.apply(JsonFactory.createObjectBuilder().add("type", "ref/prompt")
                .add("name", "travel").add("uri", "x://decoy")));
        assertEquals("?", requested.apply(JsonFactory.createObjectBuilder().add("type", "ref/resource").add("name", "decoy")));
        assertEquals("?", requested.apply(JsonFactory.createObjectBuilder().add("type", "ref/other").add("name", "decoy")));
    }

    /** A prompt may be registered while the application runs (PromptRegistry.register): its completer is kept. */
    @Test
    void aCompleterOfAPromptNotDeployedIsWarnedAboutAndServesThePromptOnceRegistered() {
        CompletionFeature later = uninitialised(Map.of(), new PromptRegisteredLater());
        try (LogCapture log = LogCapture.of(CompletionFeature.class)) {
            later.init();
            assertEquals(List.of(PromptRegisteredLater.class.getName() + "#topics: @Complete names the prompt 'later', which is not"
                    + " deployed; its completions are offered only once a prompt of that name is registered"), log.messagesAt(Level.WARNING));
        }
        later.prompts.register(new PromptDefinition("later", null, null, List.of(new PromptDefinition.Argument("topic", null, true)),
                Access.permitAll(), (arguments, context) -> "about " + arguments.get("topic")));
        JsonObject params = JsonFactory.createObjectBuilder()
                .add("ref", JsonFactory.createObjectBuilder().add("type", "ref/prompt").add("name", "later"))
                .add("argument", JsonFactory.createObjectBuilder().add("name", "topic").add("value", "j")).build();
        assertEquals(List.of("jakarta"), values(later.methods().get(0).handler()
                .apply(Exchange.builder(ProtocolRevision.LATEST_LEGACY, "completion/complete").params(params).build())));
    }

    private JsonObject complete(String uri, String argument) {
        return complete(feature, uri, argument);
    }

    private static JsonObject complete(CompletionFeature feature, String uri, String argument) {
        return complete(feature, uri, argument, null);
    }

    private static JsonObject complete(CompletionFeature feature, String uri, String argument, JsonObject context) {
        jakarta.json.JsonObjectBuilder builder = JsonFactory.createObjectBuilder()
                .add("ref", JsonFactory.createObjectBuilder().add("type", "ref/resource").add("uri", uri))
                .add("argument", JsonFactory.createObjectBuilder().add("name", argument).add("value", "p"));
        if (context != null) {
            builder.add("context", context);
        }
        JsonObject params = builder.build();
        return feature.methods().get(0).handler()
                .apply(Exchange.builder(ProtocolRevision.LATEST_LEGACY, "completion/complete").params(params).build());
    }

    private static List<String> values(JsonObject result) {
        return result.getJsonObject("completion").getJsonArray("values").getValuesAs(jakarta.json.JsonString::getString);
    }

    private static CompletionFeature feature(Map<String, String> config) {
        CompletionFeature feature = uninitialised(config, new Templates());
        feature.init();
        return feature;
    }

    private static CompletionFeature uninitialised(Map<String, String> config, Object... beans) {
        McpSettings settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
        TestBeans found = new TestBeans(beans);
        CompletionFeature feature = new CompletionFeature();
        feature.discovered = found.discovered();
        feature.invoker = found.invoker();
        feature.pipeline = Pipelines.create(settings);
        feature.prompts = found.registry(new PromptRegistry(), settings);
        feature.resources = found.registry(new ResourceRegistry(), settings);
        return feature;
    }
}
