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
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptsFeatureTest {

    static class Prompts {
        @Prompt
        public String annotated(@Arg(name = "topic") String topic, @Arg(name = "tone") Optional<String> tone) {
            return "about " + topic.length() + " " + tone.orElse("plain");
        }

        @Prompt
        public String priced(@Arg(name = "amount") BigDecimal amount, @Arg(name = "count") Optional<Integer> count) {
            return "priced " + amount + " " + count.map(String::valueOf).orElse("-");
        }

        @Prompt
        public Optional<String> maybe(@Arg(name = "topic") String topic) {
            return topic.isEmpty() ? Optional.empty() : Optional.of("about " + topic);
        }

        @Prompt
        public String nothing() {
            return null;
        }

        @Prompt
        public List<Object> sparse() {
            return java.util.Arrays.asList("first", null, Optional.empty(), Optional.of("second"),
                    Optional.of(dev.jakartamcp.api.PromptMessage.user("third")));
        }

        /** As a container's Bean Validation of {@code @Min(1) int n} refuses 0 before the method runs. */
        @Prompt
        public String counted(@Arg(name = "n") int n) {
            if (n < 1) {
                RuntimeException refused = dev.jakartamcp.beans.Violations.of("counted", jakarta.validation.ElementKind.PARAMETER, "n",
                        "must be greater than or equal to 1");
                // -1: as an EJB container rethrows it for a session bean's method, in an EJBException
                throw n == -1 ? new RuntimeException("as a container wraps it", refused) : refused;
            }
            if (n > 100) {
                throw dev.jakartamcp.beans.Violations.of("counted", jakarta.validation.ElementKind.RETURN_VALUE, null, "must not be blank");
            }
            return "n " + n;
        }

        @Prompt
        public String confirmed(dev.jakartamcp.api.McpContext context) {
            try {
                return "answer " + context.elicit("Go on?", jakarta.json.Json.createObjectBuilder().add("type", "object").build()).action();
            } catch (RuntimeException e) {
                throw new IllegalStateException("wrapped by the author", e); // as an EJB container wraps it in EJBException
            }
        }

        @Prompt
        public String scheduled(@Arg(name = "day") LocalDate day, @Arg(name = "urgent") boolean urgent, @Arg(name = "size") Size size) {
            return day.getDayOfWeek() + " " + urgent + " " + size.ordinal();
        }
    }

    enum Size { SMALL, LARGE }

    record Tag(String name) {
    }

    static class ListArgument {
        @Prompt
        public String tagged(@Arg(name = "tags") List<String> tags) {
            return "tagged";
        }
    }

    static class RecordArgument {
        @Prompt
        public String tagged(@Arg(name = "tag") Tag tag) {
            return "tagged";
        }
    }

    static class JsonArgument {
        @Prompt
        public String detailed(@Arg(name = "details") Optional<JsonObject> details) {
            return "detailed";
        }
    }

    static class NullablePrimitive {
        @Prompt
        public String counted(@Arg(name = "count") @jakarta.annotation.Nullable int count, @Arg(name = "note") @jakarta.annotation.Nullable String note) {
            return "counted " + count;
        }
    }

    static class OneArgumentTwice {
        @Prompt
        public String twice(@Arg(name = "topic") String topic, @Arg(name = "topic") String again) {
            return topic + again;
        }
    }

    private final PromptsFeature feature = feature();

    /** A prompts/get is audited (also when the dispatcher refuses it before the pipeline runs); prompts/list is not. */
    @Test
    void promptGetsAreAuditedAndListsNot() {
        assertEquals(Map.of("prompts/list", false, "prompts/get", true),
                feature.methods().stream().collect(java.util.stream.Collectors.toMap(McpMethod::name, McpMethod::audited)));
    }

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
        requests.put("priced ", JsonFactory.createObjectBuilder().add("amount", "1e500000000"));
        requests.put("defined", JsonFactory.createObjectBuilder().add("topic", new BigDecimal("1e500000000")));
        requests.put("defined ", JsonFactory.createObjectBuilder().add("topic",
                JsonFactory.createObjectBuilder().add("lines", JsonFactory.createArrayBuilder().add(new BigDecimal("-1e-500000000")))));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("priced", "Invalid params: argument 'amount' " + bound);
        expected.put("priced ", "Invalid params: argument 'amount' " + bound);
        expected.put("defined", "Invalid params: argument 'topic' " + bound);
        expected.put("defined ", "Invalid params: argument 'topic' lines[0] " + bound);
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
        assertEquals("priced 1E+999 -3", text(get("priced", JsonFactory.createObjectBuilder().add("amount", new BigDecimal("1e999"))
                .add("count", -3))), "numbers sent as JSON numbers, which the schema does not allow but a client may send");
        assertEquals("defined 12345678901234567890 plain",
                text(get("defined", JsonFactory.createObjectBuilder().add("topic", new BigInteger("12345678901234567890")))));
    }

    /** Prompt arguments are strings on the wire (schema: {@code arguments?: { [key: string]: string }}). */
    @Test
    void aStringArgumentIsConvertedToItsParametersTypeAsATemplateVariableIs() {
        assertEquals("priced 12.50 3", text(get("priced", JsonFactory.createObjectBuilder().add("amount", "12.50").add("count", "3"))));
        assertEquals("THURSDAY true 1", text(get("scheduled", JsonFactory.createObjectBuilder().add("day", "2024-02-29")
                .add("urgent", "true").add("size", "LARGE"))));
    }

    @Test
    void aStringThatDoesNotConvertIsInvalidParamsNamingTheArgument() {
        Map<String, JsonObjectBuilder> requests = new LinkedHashMap<>();
        requests.put("priced", JsonFactory.createObjectBuilder().add("amount", "1").add("count", "three"));
        requests.put("scheduled", JsonFactory.createObjectBuilder().add("day", "2024-02-30").add("urgent", "true").add("size", "LARGE"));
        requests.put("scheduled ", JsonFactory.createObjectBuilder().add("day", "2024-02-29").add("urgent", "yes").add("size", "LARGE"));
        requests.put("scheduled  ", JsonFactory.createObjectBuilder().add("day", "2024-02-29").add("urgent", "true").add("size", "HUGE"));
        Map<String, String> answered = new LinkedHashMap<>();
        requests.forEach((prompt, arguments) -> {
            McpException e = assertThrows(McpException.class, () -> get(prompt.strip(), arguments), prompt);
            answered.put(prompt, e.code() + " " + e.getMessage());
        });
        assertEquals(Map.of(
                "priced", ErrorCode.INVALID_PARAMS + " Invalid params: argument 'count' must be an integer",
                "scheduled", ErrorCode.INVALID_PARAMS + " Invalid params: argument 'day' must be a date, e.g. 2024-05-01",
                "scheduled ", ErrorCode.INVALID_PARAMS + " Invalid params: argument 'urgent' must be true or false",
                "scheduled  ", ErrorCode.INVALID_PARAMS + " Invalid params: argument 'size' must be one of SMALL, LARGE"), answered);
    }

    @Test
    void aParameterNoStringCouldFillFailsTheDeploymentNamingIt() {
        String text = "a prompt argument is text: declare String, a number, boolean, char, an enum, a java.time type, UUID, URI"
                + " or URL, or an Optional of one";
        assertEquals("MCP prompt 'tagged' (" + ListArgument.class.getName() + "#tagged) cannot work: parameter 'tags' (List<String>): "
                + text, deploymentError(new ListArgument()));
        assertEquals("MCP prompt 'tagged' (" + RecordArgument.class.getName() + "#tagged) cannot work: parameter 'tag' (Tag): "
                + text, deploymentError(new RecordArgument()));
        assertEquals("MCP prompt 'detailed' (" + JsonArgument.class.getName() + "#detailed) cannot work: parameter 'details'"
                + " (Optional<JsonObject>): " + text, deploymentError(new JsonArgument()));
    }

    @Test
    void twoParametersTakingOneArgumentFailTheDeployment() {
        assertEquals("MCP prompt 'twice' (" + OneArgumentTwice.class.getName() + "#twice) cannot work: two parameters take the"
                + " argument 'topic'", deploymentError(new OneArgumentTwice()));
    }

    @Test
    void argumentsTheContainersBeanValidationRefusesAreInvalidParamsAndAReturnValueItRefusesIsTheServers() {
        McpException refused = assertThrows(McpException.class, () -> get("counted", JsonFactory.createObjectBuilder().add("n", "0")));
        assertEquals(dev.jakartamcp.protocol.ErrorCode.INVALID_PARAMS, refused.code(), refused.getMessage());
        assertEquals("Invalid params: arguments of prompt counted: counted.n: must be greater than or equal to 1", refused.getMessage());
        McpException wrapped = assertThrows(McpException.class, () -> get("counted", JsonFactory.createObjectBuilder().add("n", "-1")));
        assertEquals(List.of(refused.code(), refused.getMessage()), List.of(wrapped.code(), wrapped.getMessage()));
        McpException failed = assertThrows(McpException.class, () -> get("counted", JsonFactory.createObjectBuilder().add("n", "101")));
        assertEquals(dev.jakartamcp.protocol.ErrorCode.INTERNAL_ERROR, failed.code(), failed.getMessage());
        assertEquals("n 5", text(get("counted", JsonFactory.createObjectBuilder().add("n", "5"))));
    }

    @Test
    void aPromptThatWrapsTheSignalOfAQuestionStillAsksItIn20260728() {
        McpMethod m = feature.methods().stream().filter(x -> x.name().equals("prompts/get")).findFirst().orElseThrow();
        JsonObject params = JsonFactory.createObjectBuilder().add("name", "confirmed").add("arguments", JsonFactory.createObjectBuilder()).build();
        Exchange modern = Exchange.builder(ProtocolRevision.V2026_07_28, "prompts/get").params(params)
                .clientCapabilities(JsonFactory.createObjectBuilder().add("elicitation", JsonFactory.createObjectBuilder()).build()).build();
        assertThrows(dev.jakartamcp.protocol.InputRequiredSignal.class, () -> m.handler().apply(modern),
                "the question goes to the client (input_required), not -32603");
        assertEquals(java.util.Set.of("elicitation/create"), modern.pendingInputRequests().values().stream()
                .map(r -> r.getString("method")).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void anEmptyOptionalAnswersAsNullDoesAndAPresentOneAsItsValue() {
        JsonObject empty = get("maybe", JsonFactory.createObjectBuilder().add("topic", ""));
        assertEquals(get("nothing", JsonFactory.createObjectBuilder()), empty);
        assertEquals("", text(empty));
        assertEquals("about tides", text(get("maybe", JsonFactory.createObjectBuilder().add("topic", "tides"))));
    }

    /**
     * Each element of a returned collection answers as a returned value does; a null or an empty Optional among them is
     * left out. Before, an Optional there answered as the text "Optional[second]", and a null failed the call.
     */
    @Test
    void aCollectionsOptionalsAnswerAsTheirValuesAndItsGapsAreLeftOut() {
        JsonObject result = get("sparse", JsonFactory.createObjectBuilder());
        assertEquals(List.of("first", "second", "third"), result.getJsonArray("messages").stream()
                .map(m -> m.asJsonObject().getJsonObject("content").getString("text")).toList());
    }

    /** A primitive has no value for "left out": listed as required whatever it is annotated with, as it is treated. */
    @Test
    void aNullablePrimitiveArgumentIsListedAsRequired() {
        PromptRegistry registry = new TestBeans(new NullablePrimitive()).registry(new PromptRegistry(), new McpSettings(key -> Optional.empty()));
        assertEquals("[{\"name\":\"count\",\"required\":true},{\"name\":\"note\",\"required\":false}]",
                registry.find("counted").orElseThrow().descriptor().getJsonArray("arguments").toString());
    }

    static class SummaryPrompts {
        @Prompt(name = "summary.short")
        public String shortSummary() {
            return "short";
        }

        @Prompt(name = "SUMMARY_SHORT")
        public String shouted() {
            return "SHORT";
        }
    }

    /** Operator overrides are found in environment variables by a spelling two such names share: refused, naming both. */
    @Test
    void twoPromptNamesEnvironmentVariablesSpellAlikeFailTheDeployment() {
        String error = deploymentError(new SummaryPrompts());
        assertTrue(error.startsWith("MCP prompt names 'SUMMARY_SHORT' (" + SummaryPrompts.class.getName() + "#shouted) and 'summary.short' (")
                || error.startsWith("MCP prompt names 'summary.short' (" + SummaryPrompts.class.getName() + "#shortSummary) and 'SUMMARY_SHORT' ("),
                error);
        assertTrue(error.contains("MCP_PROMPTS_SUMMARY_SHORT_ROLES"), error);
    }

    private static String deploymentError(Object bean) {
        McpSettings settings = new McpSettings(key -> Optional.empty());
        return assertThrows(DefinitionException.class, () -> new TestBeans(bean).registry(new PromptRegistry(), settings)).getMessage();
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
