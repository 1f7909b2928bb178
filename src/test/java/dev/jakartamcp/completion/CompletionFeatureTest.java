package dev.jakartamcp.completion;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Complete;
import dev.jakartamcp.api.McpResourceTemplate;
import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.pipeline.Pipelines;
import dev.jakartamcp.prompts.PromptRegistries;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.resources.ResourceRegistries;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
    }

    private final CompletionFeature feature = feature(Map.of());

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

    private JsonObject complete(String uri, String argument) {
        return complete(feature, uri, argument);
    }

    private static JsonObject complete(CompletionFeature feature, String uri, String argument) {
        JsonObject params = JsonFactory.createObjectBuilder()
                .add("ref", JsonFactory.createObjectBuilder().add("type", "ref/resource").add("uri", uri))
                .add("argument", JsonFactory.createObjectBuilder().add("name", argument).add("value", "p")).build();
        return feature.methods().get(0).handler()
                .apply(Exchange.builder(ProtocolRevision.LATEST_LEGACY, "completion/complete").params(params).build());
    }

    private static List<String> values(JsonObject result) {
        return result.getJsonObject("completion").getJsonArray("values").getValuesAs(jakarta.json.JsonString::getString);
    }

    private static CompletionFeature feature(Map<String, String> config) {
        McpSettings settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
        TestBeans beans = new TestBeans(new Templates());
        CompletionFeature feature = new CompletionFeature();
        feature.discovered = beans.discovered();
        feature.invoker = beans.invoker();
        feature.pipeline = Pipelines.create(settings);
        feature.prompts = PromptRegistries.create(settings, beans);
        feature.resources = ResourceRegistries.create(settings, beans);
        feature.init();
        return feature;
    }
}
