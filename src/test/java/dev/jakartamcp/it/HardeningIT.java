package dev.jakartamcp.it;

import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.Reply;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holes an attacker with a valid token could use, each closed: multi round-trip request state digested in linear
 * time and opened only after the access decision; streams that end when the token they were opened with expires.
 * Authorization on; the conformance fixture provides a tool that asks the client for input.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class HardeningIT extends AuthorizedIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        authorizationServers();
        return McpDeployments.withConformanceFixture(as.deploymentConfig(Map.of("mcp.sse.keep-alive", "PT0.5S")));
    }

    McpHttpClient caller(String... permissions) {
        return freshCaller(Duration.ofMinutes(5), permissions);
    }

    /** [[[ … ]]] {@code depth} levels deep, as JSON text. */
    static JsonValue nestedArrays(int depth) {
        JsonValue value = JsonValue.EMPTY_JSON_ARRAY;
        for (int i = 1; i < depth; i++) {
            value = Json.createArrayBuilder().add(value).build();
        }
        return value;
    }

    static <T> T within(Duration limit, java.util.function.Supplier<T> action) {
        long started = System.nanoTime();
        T result = action.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(limit) < 0, "took " + took.toMillis() + " ms");
        return result;
    }

    // ------------------------------------------------------------------------------------------------ request state

    /**
     * The requestState digest re-encoded each nested level as a JSON string, doubling the escaping per level: ~60
     * bytes of nested arrays in any extra params member made the server digest gigabytes. Now the answer is immediate.
     */
    @Test
    void nestedJunkBesideAValidRequestStateIsAnsweredAtOnce() {
        McpHttpClient alice = caller();
        JsonObject arguments = Json.createObjectBuilder().add("message", "Who are you?").build();
        Reply first = alice.modern("tools/call").param("name", "test_elicitation").param("arguments", arguments).send();
        JsonObject round = first.result();
        assertEquals("input_required", round.getString("resultType"), first::toString);
        String state = round.getString("requestState");

        for (int depth : new int[]{60, 62}) {
            Reply junk = within(Duration.ofSeconds(2), () -> alice.modern("tools/call").param("name", "test_elicitation")
                    .param("arguments", arguments).param("requestState", state)
                    .param("x-junk", nestedArrays(depth)).send());
            JsonObject error = junk.assertError(400, -32602, junk.object().get("id"));
            assertEquals("Invalid requestState: issued for a request with other parameters", error.getString("message"));
        }
        // and the honest retry still works
        JsonObject accept = Json.createObjectBuilder().add(round.getJsonObject("inputRequests").keySet().iterator().next(),
                Json.createObjectBuilder().add("action", "accept").add("content", Json.createObjectBuilder()
                        .add("username", "alice").add("email", "alice@example.test"))).build();
        JsonObject done = alice.modern("tools/call").param("name", "test_elicitation").param("arguments", arguments)
                .param("requestState", state).param("inputResponses", accept).send().result();
        assertEquals("complete", done.getString("resultType"), done::toString);
        assertTrue(done.getJsonArray("content").getJsonObject(0).getString("text").contains("alice@example.test"), done::toString);
    }

    /** A caller that may not call the tool is refused before its request state is looked at. */
    @Test
    void requestStateIsOpenedOnlyAfterTheAccessDecision() {
        McpHttpClient nobody = caller();
        Reply denied = within(Duration.ofSeconds(2), () -> nobody.modern("tools/call").param("name", "get_channels")
                .param("arguments", Json.createObjectBuilder().add("location", "Tokyo").build())
                .param("requestState", "not-a-state-at-all").param("x-junk", nestedArrays(60)).send());
        assertEquals(403, denied.status(), "before: 400 'Invalid requestState' (opened first); now the access decision comes first: " + denied);
        assertEquals(-31403, denied.object().getJsonObject("error").getInt("code"));
        Reply allowed = caller("channels:read").modern("tools/call").param("name", "get_channels")
                .param("arguments", Json.createObjectBuilder().add("location", "Tokyo").build())
                .param("requestState", "not-a-state-at-all").send();
        allowed.assertError(400, -32602, allowed.object().get("id"));
    }

    // ------------------------------------------------------------------------------------------------ token expiry

    @Test
    void aSubscriptionEndsWhenItsTokenExpires() {
        McpHttpClient shortLived = freshCaller(Duration.ofSeconds(3));
        McpHttpClient.ModernCall listen = shortLived.modern("subscriptions/listen")
                .param("notifications", Json.createObjectBuilder().add("toolsListChanged", true).build());
        try (Streamed stream = listen.open()) {
            assertEquals(200, stream.status());
            JsonObject ack = stream.events().nextMessage(Duration.ofSeconds(5));
            assertEquals("notifications/subscriptions/acknowledged", ack.getString("method"), ack::toString);
            List<JsonObject> rest = stream.events().awaitEnd(Duration.ofSeconds(15));
            JsonObject last = rest.get(rest.size() - 1);
            assertEquals(listen.id(), last.get("id"), "the graceful closure answers the listen request: " + rest);
            assertEquals("complete", last.getJsonObject("result").getString("resultType"));
        }
    }

    @Test
    void aGetStreamEndsWhenItsTokenExpires() {
        McpHttpClient shortLived = freshCaller(Duration.ofSeconds(3));
        LegacySession session = shortLived.initialize(McpHttpClient.V2025_11_25);
        long started = System.nanoTime();
        try (Streamed stream = session.get().open()) {
            assertEquals(200, stream.status());
            stream.events().awaitEnd(Duration.ofSeconds(15));
        }
        Duration open = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(open.compareTo(Duration.ofSeconds(1)) > 0 && open.compareTo(Duration.ofSeconds(10)) < 0,
                "ended after " + open.toMillis() + " ms");
    }
}
