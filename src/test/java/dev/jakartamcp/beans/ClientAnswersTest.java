package dev.jakartamcp.beans;

import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.ExchangeChannel;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What author code gets of the client's answers (elicitation/create, sampling/createMessage, roots/list results). */
class ClientAnswersTest {
    static final JsonObject CAPABLE = Json.createObjectBuilder().add("elicitation", JsonValue.EMPTY_JSON_OBJECT)
            .add("sampling", JsonValue.EMPTY_JSON_OBJECT).build();
    static final String BOUND = "must have at most 1000 significant digits, 1000 before the point and 1000 after it (exponent included)";

    /** A 2025 request stream, or a task's channel, on which the client answers every question with {@code result}. */
    record Answering(JsonObject result) implements ExchangeChannel {
        @Override
        public void notify(JsonObject notification) {
        }

        @Override
        public CompletableFuture<JsonObject> request(String method, JsonObject params) {
            return CompletableFuture.completedFuture(JsonRpc.result(Json.createValue(1), result));
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    /** The same answer in each way it reaches author code: on a 2025 stream, in a 2026 retry, through a task's channel. */
    private static Map<String, String> elicited(String answer) {
        return elicited(answer, JsonValue.EMPTY_JSON_OBJECT);
    }

    /** {@link #elicited(String)}, the elicitation asked with {@code requestedSchema}. */
    private static Map<String, String> elicited(String answer, JsonObject requestedSchema) {
        JsonObject result = json(answer);
        Map<String, Function<McpContext, Object>> asks = new LinkedHashMap<>();
        asks.put("elicit", c -> c.elicit("Amount?", requestedSchema).content());
        asks.put("sample", c -> c.sample(JsonValue.EMPTY_JSON_OBJECT));
        Map<String, String> got = new LinkedHashMap<>();
        asks.forEach((what, ask) -> {
            Exchange legacy = Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").clientCapabilities(CAPABLE)
                    .channel(new Answering(result)).build();
            Exchange modern = Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call").clientCapabilities(CAPABLE)
                    .inputResponses(Map.of("elicitation-1", result, "sampling-1", result)).build();
            Exchange task = Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call").clientCapabilities(CAPABLE).build()
                    .detach(new Answering(result), Duration.ofSeconds(5));
            Map.of("2025", legacy, "2026", modern, "task", task).forEach((how, exchange) -> {
                String outcome;
                try {
                    outcome = String.valueOf(ask.apply(new ExchangeContext(exchange)));
                } catch (McpException e) {
                    outcome = e.code() + " " + e.getMessage();
                }
                got.put(what + " " + how, outcome);
            });
        });
        return got;
    }

    @Test
    void aNumberBeyondTheBoundInTheClientsAnswerIsRefusedBeforeAuthorCodeGetsIt() {
        Map<String, String> got = elicited("{'action':'accept','content':{'name':'x','amount':1e500000000}}");
        Map<String, String> expected = new LinkedHashMap<>();
        for (String what : new String[] {"elicit", "sample"}) {
            String method = what.equals("elicit") ? "elicitation/create" : "sampling/createMessage";
            for (String how : new String[] {"2025", "2026", "task"}) {
                expected.put(what + " " + how, ErrorCode.INVALID_PARAMS + " Invalid params: the client's " + method
                        + " result: content.amount " + BOUND);
            }
        }
        assertEquals(new TreeMap<>(expected), new TreeMap<>(got));
    }

    @Test
    void ordinaryNumbersInTheClientsAnswerArriveAsSent() {
        String content = "{'n':[1.5,-3,1e10,12345678901234567890,1e999]}";
        Map<String, String> got = elicited("{'action':'accept','content':" + content + "}");
        JsonObject expected = json(content);
        for (String how : new String[] {"2025", "2026", "task"}) {
            assertEquals(expected.toString(), got.get("elicit " + how), how);
        }
    }

    /** What the user accepted must match the schema it was asked with (client/elicitation: servers SHOULD validate). */
    @Test
    void anAcceptedAnswerThatDoesNotMatchTheRequestedSchemaIsRefusedBeforeAuthorCodeGetsIt() {
        JsonObject schema = json("{'type':'object','properties':{'age':{'type':'integer','minimum':0}},'required':['age']}");
        Map<String, String> got = elicited("{'action':'accept','content':{'age':'abc'}}", schema);
        for (String how : new String[] {"2025", "2026", "task"}) {
            String outcome = got.get("elicit " + how);
            org.junit.jupiter.api.Assertions.assertTrue(outcome.startsWith(ErrorCode.INVALID_PARAMS
                    + " Invalid params: the client's elicitation/create answer does not match the requested schema: age "), how + ": " + outcome);
        }
        Map<String, String> fine = elicited("{'action':'accept','content':{'age':42}}", schema);
        for (String how : new String[] {"2025", "2026", "task"}) {
            assertEquals("{\"age\":42}", fine.get("elicit " + how), how);
        }
        Map<String, String> declined = elicited("{'action':'decline','content':{'age':'abc'}}", schema);
        for (String how : new String[] {"2025", "2026", "task"}) {
            assertEquals("{\"age\":\"abc\"}", declined.get("elicit " + how), "only an accepted answer is the user's data: " + how);
        }
    }

    /** An answer outside the schema's three actions, or an accept whose content is missing or no object, is the client's error. */
    @Test
    void anAnswerWithoutAKnownActionOrWithAcceptedContentMissingOrNoObjectIsRefused() {
        JsonObject schema = json("{'type':'object','properties':{'name':{'type':'string'}},'required':['name']}");
        for (String answer : new String[] {"{'action':'ok'}", "{}", "{'action':'accept'}", "{'action':'accept','content':'x'}"}) {
            Map<String, String> got = elicited(answer, schema);
            for (String how : new String[] {"2025", "2026", "task"}) {
                String outcome = got.get("elicit " + how);
                org.junit.jupiter.api.Assertions.assertTrue(outcome.startsWith(ErrorCode.INVALID_PARAMS + " Invalid params: the client's"
                        + " elicitation/create answer "), answer + " " + how + ": " + outcome);
            }
        }
        assertEquals("null", elicited("{'action':'cancel'}", schema).get("elicit 2025"), "a cancel carries nothing");
    }

    /** A channel on which the client sends {@code response} as its whole JSON-RPC response to every question. */
    record Responding(JsonObject response) implements ExchangeChannel {
        @Override
        public void notify(JsonObject notification) {
        }

        @Override
        public CompletableFuture<JsonObject> request(String method, JsonObject params) {
            return CompletableFuture.completedFuture(response);
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    /**
     * A response whose result or error is no object was handed to the code that asked as a ClassCastException: the
     * tool failed with an internal error and a stack trace blaming its author. It is the client's mistake, named.
     */
    @Test
    void aResponseWhoseResultOrErrorIsNoObjectIsRefusedNamingTheClient() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{'jsonrpc':'2.0','id':1,'result':'x'}", "result is no object");
        cases.put("{'jsonrpc':'2.0','id':1,'result':[]}", "result is no object");
        cases.put("{'jsonrpc':'2.0','id':1,'result':null}", "result is no object");
        cases.put("{'jsonrpc':'2.0','id':1,'error':'x'}", "response has an error that is no object");
        cases.put("{'jsonrpc':'2.0','id':1,'error':null}", "response has an error that is no object");
        cases.forEach((response, problem) -> {
            for (boolean task : new boolean[] {false, true}) {
                Exchange exchange = task
                        ? Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call").clientCapabilities(CAPABLE).build()
                                .detach(new Responding(json(response)), Duration.ofSeconds(5))
                        : Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").clientCapabilities(CAPABLE)
                                .channel(new Responding(json(response))).build();
                McpException refused = org.junit.jupiter.api.Assertions.assertThrows(McpException.class,
                        () -> new ExchangeContext(exchange).elicit("Amount?", JsonValue.EMPTY_JSON_OBJECT), response);
                assertEquals(ErrorCode.INVALID_PARAMS + " Invalid params: the client's elicitation/create " + problem,
                        refused.code() + " " + refused.getMessage(), response + (task ? " (task)" : " (2025)"));
            }
        });
        McpException failed = org.junit.jupiter.api.Assertions.assertThrows(McpException.class,
                () -> new ExchangeContext(Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").clientCapabilities(CAPABLE)
                        .channel(new Responding(json("{'jsonrpc':'2.0','id':1,'error':{'code':-1,'message':'no'}}"))).build())
                        .elicit("Amount?", JsonValue.EMPTY_JSON_OBJECT));
        assertEquals(ErrorCode.INTERNAL_ERROR + " Client answered elicitation/create with an error: no (-1)",
                failed.code() + " " + failed.getMessage());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }
}
