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

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PromptsFeatureTest {

    static class Prompts {
        @Prompt
        public String annotated(@Arg(name = "topic") String topic, @Arg(name = "tone") Optional<String> tone) {
            return "about " + topic.length() + " " + tone.orElse("plain");
        }

        @Prompt
        public String priced(@Arg(name = "amount") BigDecimal amount, @Arg(name = "details") Optional<JsonObject> details) {
            return "priced " + amount + " " + details.map(JsonObject::toString).orElse("-");
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

    @Test
    void aNumberBeyondTheBoundAnywhereInTheArgumentsIsRefusedBeforeThePromptRuns() {
        String bound = "must have at most 1000 significant digits, 1000 before the point and 1000 after it (exponent included)";
        Map<String, JsonObjectBuilder> requests = new LinkedHashMap<>();
        requests.put("priced", JsonFactory.createObjectBuilder().add("amount", new BigDecimal("1e500000000")));
        requests.put("priced ", JsonFactory.createObjectBuilder().add("amount", 1)
                .add("details", JsonFactory.createObjectBuilder().add("lines", JsonFactory.createArrayBuilder().add(new BigDecimal("-1e-500000000")))));
        requests.put("defined", JsonFactory.createObjectBuilder().add("topic", new BigDecimal("1e500000000")));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("priced", "Invalid params: argument 'amount' " + bound);
        expected.put("priced ", "Invalid params: argument 'details' lines[0] " + bound);
        expected.put("defined", "Invalid params: argument 'topic' " + bound);
        Map<String, String> answered = new LinkedHashMap<>();
        requests.forEach((prompt, arguments) -> {
            try {
                answered.put(prompt, "result " + text(get(prompt.strip(), arguments)));
            } catch (McpException e) {
                answered.put(prompt, e.code() == ErrorCode.INVALID_PARAMS ? e.getMessage() : e.code() + " " + e.getMessage());
            }
        });
        assertEquals(expected, answered);
    }

    @Test
    void ordinaryNumbersStillBind() {
        JsonObjectBuilder details = JsonFactory.createObjectBuilder().add("n", JsonFactory.createArrayBuilder()
                .add(new BigDecimal("1.5")).add(-3).add(new BigDecimal("1e10")).add(new BigInteger("12345678901234567890")));
        assertEquals("priced 1E+999 {\"n\":[1.5,-3,1E+10,12345678901234567890]}",
                text(get("priced", JsonFactory.createObjectBuilder().add("amount", new BigDecimal("1e999")).add("details", details))));
        assertEquals("defined 12345678901234567890 plain",
                text(get("defined", JsonFactory.createObjectBuilder().add("topic", new BigInteger("12345678901234567890")))));
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
        PromptRegistry registry = new TestBeans(new Prompts()).registry(new PromptRegistry(), settings);
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
