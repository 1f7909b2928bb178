package dev.jakartamcp.beans;

import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.ExchangeChannel;
import dev.jakartamcp.protocol.InputRequiredSignal;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UrlElicitationTest {
    static final JsonObject URL_CAPABLE = Json.createObjectBuilder().add("elicitation", Json.createObjectBuilder()
            .add("url", Json.createObjectBuilder())).build();
    static final URI CONNECT = URI.create("https://mcp.example.test/connect?id=c1");

    /** A 2025 request stream that records what is sent and answers with consent. */
    static final class Recording implements ExchangeChannel {
        final List<JsonObject> sent = new ArrayList<>();

        @Override
        public void notify(JsonObject notification) {
        }

        @Override
        public CompletableFuture<JsonObject> request(String method, JsonObject params) {
            sent.add(params);
            return CompletableFuture.completedFuture(JsonRpc.result(Json.createValue(1), Json.createObjectBuilder().add("action", "accept").build()));
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    @Test
    void a2025_11_25ClientGetsTheIdAndUrl() {
        Recording channel = new Recording();
        Exchange exchange = Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").clientCapabilities(URL_CAPABLE).channel(channel).build();
        assertEquals("accept", new ExchangeContext(exchange).elicitUrl("Connect", CONNECT, "c1").action());
        JsonObject params = channel.sent.get(0);
        assertEquals("url", params.getString("mode"));
        assertEquals("c1", params.getString("elicitationId"));
        assertEquals(CONNECT.toString(), params.getString("url"));
    }

    @Test
    void a2026ClientGetsAMultiRoundTripQuestionWithoutId() {
        Exchange exchange = Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call").clientCapabilities(URL_CAPABLE).build();
        assertThrows(InputRequiredSignal.class, () -> new ExchangeContext(exchange).elicitUrl("Connect", CONNECT, "c1"));
        JsonObject question = exchange.pendingInputRequests().values().iterator().next();
        assertEquals("url", question.getJsonObject("params").getString("mode"));
        assertFalse(question.getJsonObject("params").containsKey("elicitationId"));
    }

    @Test
    void olderRevisionsAndClientsWithoutTheUrlModeAreNotAsked() {
        Exchange old = Exchange.builder(ProtocolRevision.V2025_06_18, "tools/call").clientCapabilities(URL_CAPABLE).channel(new Recording()).build();
        assertEquals(-32021, assertThrows(McpException.class, () -> new ExchangeContext(old).elicitUrl("Connect", CONNECT, "c1")).code());
        JsonObject formOnly = Json.createObjectBuilder().add("elicitation", Json.createObjectBuilder()).build();
        Exchange exchange = Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").clientCapabilities(formOnly).channel(new Recording()).build();
        McpException e = assertThrows(McpException.class, () -> new ExchangeContext(exchange).elicitUrl("Connect", CONNECT, "c1"));
        assertEquals("{\"elicitation\":{\"url\":{}}}", e.data().asJsonObject().getJsonObject("requiredCapabilities").toString());
    }

    @Test
    void onlyAbsoluteHttpUrlsAreSent() {
        Exchange exchange = Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").clientCapabilities(URL_CAPABLE).channel(new Recording()).build();
        for (String url : List.of("javascript:alert(1)", "/connect", "file:///etc/passwd")) {
            assertThrows(IllegalArgumentException.class, () -> new ExchangeContext(exchange).elicitUrl("Connect", URI.create(url), "c1"), url);
        }
    }
}
