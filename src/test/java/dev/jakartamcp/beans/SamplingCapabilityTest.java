package dev.jakartamcp.beans;

import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.InputRequiredSignal;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sampling request with tools goes only to a client that declared {@code sampling.tools} ("Servers MUST NOT send
 * tool-enabled sampling requests to Clients that have not declared support for tool use via the sampling.tools
 * capability", client/sampling, 2025-11-25 and 2026-07-28), and one with the deprecated {@code includeContext} values
 * only to a client that declared {@code sampling.context}.
 */
class SamplingCapabilityTest {
    private static final JsonObject TOOL = Json.createObjectBuilder().add("name", "get_weather")
            .add("inputSchema", Json.createObjectBuilder().add("type", "object")).build();

    private static JsonObjectBuilder params() {
        return Json.createObjectBuilder().add("maxTokens", 100).add("messages", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("role", "user")
                        .add("content", Json.createObjectBuilder().add("type", "text").add("text", "Weather in Tokyo?"))));
    }

    private static Exchange modern(JsonObject sampling) {
        return Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call")
                .clientCapabilities(Json.createObjectBuilder().add("sampling", sampling).build()).build();
    }

    private static String refused(JsonObject sampling, JsonObject params) {
        Exchange exchange = modern(sampling);
        McpException e = assertThrows(McpException.class, () -> new ExchangeContext(exchange).sample(params),
                "a sampling request went into inputRequests for a client that did not declare what it needs");
        assertEquals(-32021, e.code());
        assertTrue(exchange.pendingInputRequests().isEmpty());
        return e.data().asJsonObject().getJsonObject("requiredCapabilities").toString();
    }

    private static void asked(JsonObject sampling, JsonObject params) {
        Exchange exchange = modern(sampling);
        assertThrows(InputRequiredSignal.class, () -> new ExchangeContext(exchange).sample(params));
        assertEquals(params, exchange.pendingInputRequests().values().iterator().next().getJsonObject("params"));
    }

    @Test
    void toolsOrAToolChoiceNeedSamplingTools() {
        JsonObject none = Json.createObjectBuilder().build();
        assertEquals("{\"sampling\":{\"tools\":{}}}", refused(none, params().add("tools", Json.createArrayBuilder().add(TOOL)).build()));
        assertEquals("{\"sampling\":{\"tools\":{}}}", refused(none, params().add("toolChoice", Json.createObjectBuilder().add("mode", "none")).build()));
        asked(Json.createObjectBuilder().add("tools", Json.createObjectBuilder()).build(),
                params().add("tools", Json.createArrayBuilder().add(TOOL)).build());
        asked(none, params().build());
    }

    @Test
    void theDeprecatedContextValuesNeedSamplingContext() {
        JsonObject none = Json.createObjectBuilder().build();
        assertEquals("{\"sampling\":{\"context\":{}}}", refused(none, params().add("includeContext", "thisServer").build()));
        assertEquals("{\"sampling\":{\"context\":{},\"tools\":{}}}", refused(none, params().add("includeContext", "allServers")
                .add("tools", Json.createArrayBuilder().add(TOOL)).build()));
        asked(Json.createObjectBuilder().add("context", Json.createObjectBuilder()).build(), params().add("includeContext", "allServers").build());
        asked(none, params().add("includeContext", "none").build());
    }

    /** sampling.context first exists in 2025-11-25; before, includeContext is a parameter the client MAY ignore. */
    @Test
    void beforeTheRevisionThatMadeSamplingContextTheContextValuesNeedOnlySampling() {
        for (ProtocolRevision older : new ProtocolRevision[] {ProtocolRevision.V2025_03_26, ProtocolRevision.V2025_06_18}) {
            java.util.List<JsonObject> sent = new java.util.ArrayList<>();
            Exchange exchange = Exchange.builder(older, "tools/call")
                    .clientCapabilities(Json.createObjectBuilder().add("sampling", Json.createObjectBuilder()).build())
                    .channel(new dev.jakartamcp.protocol.ExchangeChannel() {
                        @Override
                        public void notify(JsonObject notification) {
                        }

                        @Override
                        public boolean isOpen() {
                            return true;
                        }

                        @Override
                        public java.util.concurrent.CompletableFuture<JsonObject> request(String method, JsonObject params) {
                            sent.add(params);
                            return java.util.concurrent.CompletableFuture.completedFuture(Json.createObjectBuilder()
                                    .add("role", "assistant").add("model", "m")
                                    .add("content", Json.createObjectBuilder().add("type", "text").add("text", "Sunny")).build());
                        }
                    }).build();
            JsonObject params = params().add("includeContext", "thisServer").build();
            new ExchangeContext(exchange).sample(params);
            assertEquals(java.util.List.of(params), sent, older.wire());
        }
    }

    /** What a question needs follows from what it asks, not from the capability a hand-made InputRequest names. */
    @Test
    void aHandMadeQuestionNeedsTheCapabilityOfWhatItAsks() {
        Exchange formOnly = Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call").clientCapabilities(Json.createObjectBuilder()
                .add("elicitation", Json.createObjectBuilder().add("form", Json.createObjectBuilder())).build()).build();
        dev.jakartamcp.api.InputRequest url = new dev.jakartamcp.api.InputRequest("elicitation/create", Json.createObjectBuilder()
                .add("mode", "url").add("message", "Connect").add("url", "https://example.com/connect").build(), "elicitation");
        McpException e = assertThrows(McpException.class, () -> formOnly.ask(java.util.Map.of("connect", url)));
        assertEquals(-32021, e.code());
        assertEquals("{\"elicitation\":{\"url\":{}}}", e.data().asJsonObject().getJsonObject("requiredCapabilities").toString());
        assertTrue(formOnly.pendingInputRequests().isEmpty());
        dev.jakartamcp.api.InputRequest ping = new dev.jakartamcp.api.InputRequest("ping", Json.createObjectBuilder().build(), "elicitation");
        assertThrows(IllegalArgumentException.class, () -> formOnly.ask(java.util.Map.of("ping", ping)),
                "inputRequests hold elicitation, sampling and roots requests only");
    }
}
