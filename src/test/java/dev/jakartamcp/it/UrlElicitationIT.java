package dev.jakartamcp.it;

import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.ModernCall;
import dev.jakartamcp.it.McpHttpClient.Streamed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static dev.jakartamcp.it.McpHttpClient.V2025_11_25;
import static dev.jakartamcp.it.McpHttpClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * URL mode elicitation: a tool sends the user to a URL (its own connect page) without anything passing through the
 * client; 2025-11-25 clients get {@code elicitationId} and, when the page is done, {@code notifications/elicitation/complete}
 * on their session only; 2026-07-28 clients get the question as a multi round-trip input request without an id.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class UrlElicitationIT extends EndpointIT {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final JsonObject URL_CAPABLE = obj("elicitation", obj("form", obj(), "url", obj()));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpDeployments.product(Map.of()).addPackage("dev.jakartamcp.it.urlelicitation");
    }

    @Test
    void aSessionIsSentToTheUrlAndToldWhenTheInteractionCompleted() {
        LegacySession session = mcp().initialize(V2025_11_25, URL_CAPABLE);
        LegacySession bystander = mcp().initialize(V2025_11_25, URL_CAPABLE);
        try (Streamed get = session.get().open(); Streamed other = bystander.get().open()) {
            JsonValue id = Json.createValue(mcp().nextId());
            String text;
            try (Streamed call = session.post(session.request(id, "tools/call",
                    obj("name", "connect_account", "arguments", obj("service", "Example Co")))).open()) {
                JsonObject request = call.events().nextMessage(WAIT);
                assertEquals("elicitation/create", request.getString("method"));
                JsonObject params = request.getJsonObject("params");
                assertEquals("url", params.getString("mode"));
                assertEquals("Connect your Example Co account", params.getString("message"));
                String elicitationId = params.getString("elicitationId");
                assertEquals("https://mcp.example.test/connect?id=" + elicitationId, params.getString("url"));
                session.post(obj("jsonrpc", "2.0", "id", request.get("id"), "result", obj("action", "accept")).toString()).send().assertAccepted();
                text = call.events().awaitResponse(id, WAIT, null).getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
                assertEquals("consent=accept id=" + elicitationId, text, "the answer is the user's consent, nothing more");
            }
            String elicitationId = text.substring(text.indexOf("id=") + 3);

            assertEquals("delivered=true", textOf(session.call("tools/call", obj("name", "finish_connect", "arguments", obj("id", elicitationId)))));
            JsonObject notification = get.events().nextMessage(WAIT);
            assertEquals("notifications/elicitation/complete", notification.getString("method"));
            assertEquals(elicitationId, notification.getJsonObject("params").getString("elicitationId"));
            other.events().assertNoMessage(Duration.ofMillis(500));
            assertEquals("delivered=false", textOf(session.call("tools/call", obj("name", "finish_connect", "arguments", obj("id", elicitationId)))),
                    "a completion is sent once");
            assertEquals("delivered=false", textOf(session.call("tools/call", obj("name", "finish_connect", "arguments", obj("id", "made-up")))));
        } finally {
            session.delete().send();
            bystander.delete().send();
        }
    }

    @Test
    void aClientThatCannotOpenUrlsIsNotAsked() {
        LegacySession formOnly = mcp().initialize(V2025_11_25, obj("elicitation", obj()));
        JsonValue id = Json.createValue(mcp().nextId());
        JsonObject error = formOnly.post(formOnly.request(id, "tools/call", obj("name", "connect_account", "arguments", obj("service", "x"))))
                .send().assertError(200, -32021, id);
        assertEquals(obj("elicitation", obj("url", obj())), error.getJsonObject("data").getJsonObject("requiredCapabilities"));
        formOnly.delete().send();

        ModernCall modern = mcp().modern("tools/call").capabilities(obj("elicitation", obj()))
                .param("name", "connect_account").param("arguments", obj("service", "x"));
        modern.send().assertError(400, -32021, modern.id());
    }

    @Test
    void in2026TheUrlIsAMultiRoundTripQuestionWithoutAnId() {
        ModernCall first = mcp().modern("tools/call").capabilities(URL_CAPABLE)
                .param("name", "connect_account").param("arguments", obj("service", "Example Co"));
        JsonObject asked = first.send().result();
        assertEquals("input_required", asked.getString("resultType"));
        JsonObject requests = asked.getJsonObject("inputRequests");
        String key = requests.keySet().iterator().next();
        JsonObject params = requests.getJsonObject(key).getJsonObject("params");
        assertEquals("url", params.getString("mode"));
        assertTrue(params.getString("url").startsWith("https://mcp.example.test/connect?id=connect-"), params::toString);
        assertFalse(params.containsKey("elicitationId"), "2026-07-28 has no elicitationId");

        JsonObject done = mcp().modern("tools/call").capabilities(URL_CAPABLE)
                .param("name", "connect_account").param("arguments", obj("service", "Example Co"))
                .param("inputResponses", obj(key, obj("action", "accept"))).param("requestState", asked.getString("requestState"))
                .send().result();
        assertTrue(textOf(done).startsWith("consent=accept id=connect-"), done::toString);
    }

    private static String textOf(JsonObject callResult) {
        return callResult.getJsonArray("content").getJsonObject(0).getString("text");
    }
}
