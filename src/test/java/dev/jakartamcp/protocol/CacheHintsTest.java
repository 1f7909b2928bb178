package dev.jakartamcp.protocol;

import dev.jakartamcp.api.InputRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The caching hints of 2026-07-28 results: a cacheable result gets {@code mcp.cache.ttl} unless its author set one;
 * the result of a multi round-trip retry (a request carrying {@code requestState} or {@code inputResponses}) depends on
 * answers no cache key holds, and gets {@code ttlMs: 0} (caching.mdx: such results "MUST NOT be cached").
 */
class CacheHintsTest {
    private static final JsonObject ACCEPT = Json.createObjectBuilder().add("action", "accept")
            .add("content", Json.createObjectBuilder().add("name", "Alice")).build();

    private final McpDispatcher dispatcher = DispatcherFixture.dispatcher(new McpMethod("resources/read", false, true, true, true, exchange -> {
        resume(exchange); // as the pipeline does
        JsonObject answer = exchange.ask(Map.of("name", InputRequest.elicitation("Your name?",
                Json.createObjectBuilder().add("type", "object").build()))).get("name");
        return Json.createObjectBuilder().add("contents", Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("uri", "greeting://me").add("text", "Hello " + answer.getJsonObject("content").getString("name")))).build();
    }), observation -> { });

    @Test
    void aRetriedResultIsNotToBeCachedAndAFreshOneGetsTheSetting() {
        JsonObject first = dispatcher.dispatch(exchange(Json.createObjectBuilder().add("uri", "greeting://me")));
        assertEquals("input_required", first.getString("resultType"), first.toString());
        JsonObject retried = dispatcher.dispatch(exchange(Json.createObjectBuilder().add("uri", "greeting://me")
                .add("requestState", first.getString("requestState")).add("inputResponses", Json.createObjectBuilder().add("name", ACCEPT))));
        assertEquals("complete", retried.getString("resultType"), retried.toString());
        assertEquals("Hello Alice", retried.getJsonArray("contents").getJsonObject(0).getString("text"));
        assertEquals(0, retried.getJsonNumber("ttlMs").longValueExact(), retried.toString());
        assertEquals("private", retried.getString("cacheScope"));

        McpDispatcher plain = DispatcherFixture.dispatcher(new McpMethod("resources/read", false, true, true, true,
                exchange -> Json.createObjectBuilder().add("contents", Json.createArrayBuilder()).build()), observation -> { });
        JsonObject fresh = plain.dispatch(exchange(Json.createObjectBuilder().add("uri", "greeting://me")));
        assertEquals(60_000, fresh.getJsonNumber("ttlMs").longValueExact(), fresh.toString());
    }

    private void resume(Exchange exchange) {
        dispatcher.requestStates.resume(exchange);
    }

    private static Exchange exchange(JsonObjectBuilder params) {
        return Exchange.builder(ProtocolRevision.LATEST, "resources/read").params(params.build())
                .clientCapabilities(Json.createObjectBuilder().add("elicitation", Json.createObjectBuilder()).build()).build();
    }
}
