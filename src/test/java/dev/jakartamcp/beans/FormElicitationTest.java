package dev.jakartamcp.beans;

import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.InputRequiredSignal;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A form mode elicitation goes only to a client that supports the form mode: one declaring {@code elicitation} with
 * {@code form}, or with no mode at all ({@code {}} means form, for backwards compatibility); a client declaring only
 * {@code url} must not get one (2025-11-25 and 2026-07-28, client/elicitation: "Servers MUST NOT send elicitation
 * requests with modes that are not supported by the client").
 */
class FormElicitationTest {
    private static final JsonObject SCHEMA = Json.createObjectBuilder().add("type", "object")
            .add("properties", Json.createObjectBuilder()).build();

    private static Exchange modern(JsonObject elicitation) {
        return Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call")
                .clientCapabilities(Json.createObjectBuilder().add("elicitation", elicitation).build()).build();
    }

    private static JsonObject asked(JsonObject elicitation) {
        Exchange exchange = modern(elicitation);
        assertThrows(InputRequiredSignal.class, () -> new ExchangeContext(exchange).elicit("Name?", SCHEMA));
        return exchange.pendingInputRequests().values().iterator().next();
    }

    @Test
    void aClientWithoutModesOrWithTheFormModeIsAsked() {
        assertEquals("elicitation/create", asked(Json.createObjectBuilder().build()).getString("method"));
        assertEquals("elicitation/create", asked(Json.createObjectBuilder().add("form", Json.createObjectBuilder()).build()).getString("method"));
        assertEquals("elicitation/create", asked(Json.createObjectBuilder().add("form", Json.createObjectBuilder())
                .add("url", Json.createObjectBuilder()).build()).getString("method"));
    }

    @Test
    void aClientThatSupportsOnlyTheUrlModeIsNotSentAForm() {
        Exchange exchange = modern(Json.createObjectBuilder().add("url", Json.createObjectBuilder()).build());
        McpException e = assertThrows(McpException.class, () -> new ExchangeContext(exchange).elicit("Name?", SCHEMA),
                "a form elicitation was put in inputRequests for a client that supports only the url mode");
        assertEquals(-32021, e.code());
        assertEquals("{\"elicitation\":{\"form\":{}}}", e.data().asJsonObject().getJsonObject("requiredCapabilities").toString());
        assertTrue(exchange.pendingInputRequests().isEmpty());
    }
}
