package dev.jakartamcp.prompts;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Prompt;
import dev.jakartamcp.api.PromptDefinition;
import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.pipeline.Pipelines;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpMethod;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PromptsFeatureTest {

    static class Prompts {
        @Prompt
        public String annotated(@Arg(name = "topic") String topic, @Arg(name = "tone") Optional<String> tone) {
            return "about " + topic.length() + " " + tone.orElse("plain");
        }
    }

    private final PromptsFeature feature = feature();

    @Test
    void aRequiredArgumentGivenAsNullIsMissing() {
        for (String prompt : List.of("annotated", "defined")) {
            McpException e = assertThrows(McpException.class,
                    () -> get(prompt, JsonFactory.createObjectBuilder().add("topic", JsonValue.NULL)), prompt);
            assertEquals(ErrorCode.INVALID_PARAMS, e.code(), prompt + ": " + e.getMessage());
            assertEquals("Invalid params: missing required argument 'topic' of prompt " + prompt, e.getMessage());
        }
    }

    @Test
    void anOptionalArgumentGivenAsNullIsNotGiven() {
        JsonObjectBuilder arguments = JsonFactory.createObjectBuilder().add("topic", "jakarta").add("tone", JsonValue.NULL);
        assertEquals("about 7 plain", text(get("annotated", arguments)));
        arguments = JsonFactory.createObjectBuilder().add("topic", "jakarta").add("tone", JsonValue.NULL);
        assertEquals("defined jakarta plain", text(get("defined", arguments)));
    }

    private JsonObject get(String name, JsonObjectBuilder arguments) {
        McpMethod m = feature.methods().stream().filter(x -> x.name().equals("prompts/get")).findFirst().orElseThrow();
        JsonObject params = JsonFactory.createObjectBuilder().add("name", name).add("arguments", arguments).build();
        return m.handler().apply(Exchange.builder(ProtocolRevision.LATEST_LEGACY, "prompts/get").params(params).build());
    }

    private static String text(JsonObject result) {
        return result.getJsonArray("messages").getJsonObject(0).getJsonObject("content").getString("text");
    }

    private static PromptsFeature feature() {
        McpSettings settings = new McpSettings(key -> Optional.empty());
        PromptRegistry registry = PromptRegistries.create(settings, new TestBeans(new Prompts()));
        registry.register(new PromptDefinition("defined", null, null,
                List.of(new PromptDefinition.Argument("topic", null, true), new PromptDefinition.Argument("tone", null, false)),
                Access.permitAll(), (arguments, context) -> "defined " + arguments.get("topic") + " "
                        + arguments.getOrDefault("tone", "plain")));
        PromptsFeature feature = new PromptsFeature();
        feature.registry = registry;
        feature.pipeline = Pipelines.create(settings);
        return feature;
    }
}
