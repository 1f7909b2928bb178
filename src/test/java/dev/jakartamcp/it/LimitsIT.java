package dev.jakartamcp.it;

import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.Reply;
import dev.jakartamcp.it.McpHttpClient.Streamed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every collection a caller can grow has a limit, and a caller over a limit gets a precise answer while the next
 * request of another caller still works: requests per caller per minute, sessions per caller (least recently used
 * ends) and on the server, the absolute session lifetime, long-lived streams per caller and on the server,
 * subscriptions per session, and what a session keeps of an attacker-sized initialize. Authorization on; each test
 * uses callers of its own.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class LimitsIT extends AuthorizedIT {
    static final int REQUESTS_PER_MINUTE = 30;
    static final int MAX_SESSIONS = 8;
    static final int MAX_STREAMS = 4;

    @Deployment(testable = false)
    static WebArchive deployment() {
        authorizationServers();
        return McpDeployments.withConformanceFixture(as.deploymentConfig(Map.of(
                        "mcp.rate-limit.requests-per-minute", String.valueOf(REQUESTS_PER_MINUTE),
                        "mcp.session.max", String.valueOf(MAX_SESSIONS),
                        "mcp.session.max-per-caller", "2",
                        "mcp.session.max-age", "PT8S",
                        "mcp.streams.max", String.valueOf(MAX_STREAMS),
                        "mcp.streams.max-per-caller", "2",
                        "mcp.subscriptions.max-per-session", "2",
                        "mcp.execution.max-concurrent-per-caller", "2",
                        "mcp.sse.keep-alive", "PT0.5S",
                        "mcp.tools.bulkhead_hold.max-concurrent", "1")))
                .addPackage("dev.jakartamcp.it.limits");
    }

    /** A client whose every request carries a token of a fresh subject. */
    McpHttpClient caller() {
        return freshCaller(Duration.ofMinutes(5), "channels:read");
    }

    /** {@code mcp_server_over_capacity_total{limit=…}} as {@code /mcp-metrics} has it now. */
    double overCapacity(String limit) {
        return PrometheusScrape.of(origin()).value("mcp_server_over_capacity_total", Map.of("limit", limit));
    }

    /**
     * The count once it reached {@code expected}, or after 10 s: a refusal is counted as its request ends, which may be
     * just after the client has the answer.
     */
    double awaitOverCapacity(String limit, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double count = overCapacity(limit);
        while (count < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            count = overCapacity(limit);
        }
        return count;
    }

    static void assertLimited(Reply reply, int status, int code, String messagePart) {
        assertEquals(status, reply.status(), reply::toString);
        long retryAfter = Long.parseLong(reply.header("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After: " + reply)));
        assertTrue(retryAfter >= 1, reply::toString);
        JsonObject error = reply.object().getJsonObject("error");
        assertEquals(code, error.getInt("code"), reply::toString);
        assertTrue(error.getString("message").contains(messagePart), error.getString("message"));
    }

    // ------------------------------------------------------------------------------------------------ rate limit

    @Test
    void everyRequestOfACallerCountsAgainstItsRateLimit() {
        McpHttpClient alice = caller();
        long started = System.nanoTime();
        int allowed = 0;
        Reply limited = null;
        while (limited == null && allowed < 10 * REQUESTS_PER_MINUTE) {
            Reply reply = alice.modern("tools/list").send();
            if (reply.status() == 200) {
                allowed++;
            } else {
                limited = reply;
            }
        }
        // a full bucket holds the whole minute's requests; while the test runs, one more comes back every 2 s
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(allowed >= REQUESTS_PER_MINUTE && allowed <= REQUESTS_PER_MINUTE + seconds / 2 + 1,
                allowed + " requests allowed in " + seconds + " s");
        assertLimited(limited, 429, -31429, "at most " + REQUESTS_PER_MINUTE + " requests per minute per caller");
        assertEquals(200, caller().modern("tools/list").send().status(), "another caller is not affected");
    }

    // ------------------------------------------------------------------------------------------------ sessions

    @Test
    void aCallerOverItsSessionLimitLosesItsLeastRecentlyUsedSession() {
        McpHttpClient alice = caller();
        LegacySession first = alice.initialize(McpHttpClient.V2025_11_25);
        LegacySession second = alice.initialize(McpHttpClient.V2025_11_25);
        first.call("tools/list", null);
        LegacySession third = alice.initialize(McpHttpClient.V2025_11_25);
        assertSessionGone(second);
        first.call("tools/list", null);
        third.call("tools/list", null);
        first.delete().send();
        third.delete().send();
    }

    @Test
    void theSessionEndedToMakeRoomLosesItsOpenStreamAndTheNewOneIsServed() {
        McpHttpClient alice = caller();
        LegacySession first = alice.initialize(McpHttpClient.V2025_11_25);
        LegacySession second = alice.initialize(McpHttpClient.V2025_11_25);
        try (Streamed stream = openStream(first.get())) {
            second.call("tools/list", null); // used after the stream was opened: `first` is the least recently used
            // the initialize that ends `first` completes its stream on its own request thread, then goes on to answer
            LegacySession third = alice.initialize(McpHttpClient.V2025_11_25);
            assertTrue(stream.events().awaitEnd(Duration.ofSeconds(10)).stream().noneMatch(m -> m.containsKey("id")),
                    "the evicted session's stream ended");
            assertSessionGone(first);
            third.call("tools/list", null);
            third.call("tools/call", Json.createObjectBuilder().add("name", "get_channels")
                    .add("arguments", Json.createObjectBuilder().add("location", "Tokyo")).build());
            third.delete().send();
        }
        second.delete().send();
    }

    @Test
    void aFullServerRefusesNewSessionsButServesTheOnesItHolds() throws InterruptedException {
        record Made(McpHttpClient client, String id) {
            void delete() {
                client.delete().header("Mcp-Session-Id", id).header("MCP-Protocol-Version", McpHttpClient.V2025_11_25).send();
            }
        }
        List<Made> created = new ArrayList<>();
        Reply refused = null;
        double refusedBefore = overCapacity("sessions");
        try {
            for (int i = 0; i <= MAX_SESSIONS && refused == null; i++) {
                McpHttpClient client = caller();
                Reply init = client.post(client.initializeBody(Json.createValue(1), McpHttpClient.V2025_11_25,
                        McpHttpClient.fullCapabilities())).send();
                if (init.status() == 200) {
                    created.add(new Made(client, init.header("Mcp-Session-Id").orElseThrow()));
                } else {
                    refused = init;
                }
            }
            if (refused == null) {
                fail("more than mcp.session.max=" + MAX_SESSIONS + " sessions were created");
            }
            assertLimited(refused, 503, -31503, "mcp.session.max");
            assertEquals(refusedBefore + 1, awaitOverCapacity("sessions", refusedBefore + 1), "counted in mcp.server.over_capacity");
            Made first = created.get(0);
            Reply served = first.client().post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
                    .header("Mcp-Session-Id", first.id()).header("MCP-Protocol-Version", McpHttpClient.V2025_11_25).send();
            assertEquals(200, served.status(), "sessions held are still served: " + served);
        } finally {
            created.forEach(Made::delete);
        }
        caller().initialize(McpHttpClient.V2025_11_25).delete().send();
    }

    @Test
    void aSessionEndsAtItsMaximumAgeEvenInConstantUse() throws InterruptedException {
        LegacySession session = caller().initialize(McpHttpClient.V2025_11_25);
        long started = System.nanoTime();
        while (System.nanoTime() - started < Duration.ofSeconds(6).toNanos()) {
            session.call("tools/list", null);
            Thread.sleep(500);
        }
        Thread.sleep(2500);
        assertSessionGone(session);
    }

    static void assertSessionGone(LegacySession session) {
        JsonValue id = Json.createValue(424242);
        session.post(session.request(id, "tools/list", null)).send().assertError(404, -32001, id);
    }

    @Test
    void aSessionKeepsOnlyAFewKilobytesOfAnAttackerSizedInitialize() {
        McpHttpClient alice = caller();
        JsonObjectBuilder capabilities = Json.createObjectBuilder().add("elicitation", Json.createObjectBuilder())
                .add("sampling", Json.createObjectBuilder().add("junk", "x".repeat(1024 * 1024)));
        for (int i = 0; i < 20_000; i++) {
            capabilities.add("k" + i, Json.createObjectBuilder().add("v", "y".repeat(20)));
        }
        LegacySession session = alice.initialize(McpHttpClient.V2025_11_25, capabilities.build());
        JsonObject result = session.call("tools/call", Json.createObjectBuilder().add("name", "kept_capabilities")
                .add("arguments", JsonValue.EMPTY_JSON_OBJECT).build());
        String text = result.getJsonArray("content").getJsonObject(0).getString("text");
        int kept = Integer.parseInt(text.substring(0, text.indexOf(' ')));
        assertTrue(kept <= 8192, "kept " + text.substring(0, Math.min(200, text.length())));
        assertTrue(text.contains("elicitation") && text.contains("sampling"), text);
        session.delete().send();
    }

    // ------------------------------------------------------------------------------------------------ streams

    @Test
    void streamsAreLimitedPerCallerAndOnTheServer() throws InterruptedException {
        McpHttpClient alice = caller();
        LegacySession a1 = alice.initialize(McpHttpClient.V2025_11_25);
        LegacySession a2 = alice.initialize(McpHttpClient.V2025_11_25);
        List<Streamed> open = new ArrayList<>();
        try {
            open.add(openStream(a1.get()));
            open.add(openStream(a2.get()));
            Reply third = alice.modern("subscriptions/listen").param("notifications", Json.createObjectBuilder().build()).send();
            assertLimited(third, 429, -31429, "mcp.streams.max-per-caller");

            McpHttpClient bob = caller();
            open.add(openStream(bob.modern("subscriptions/listen").param("notifications", JsonValue.EMPTY_JSON_OBJECT).call()));
            open.add(openStream(caller().modern("subscriptions/listen").param("notifications", JsonValue.EMPTY_JSON_OBJECT).call()));
            double refusedBefore = overCapacity("streams");
            Reply full = caller().modern("subscriptions/listen").param("notifications", JsonValue.EMPTY_JSON_OBJECT).send();
            assertLimited(full, 503, -31503, "mcp.streams.max");
            assertEquals(refusedBefore + 1, awaitOverCapacity("streams", refusedBefore + 1), "counted in mcp.server.over_capacity");
            assertEquals(200, caller().modern("tools/list").send().status(), "other requests are still served");
        } finally {
            open.forEach(Streamed::close);
        }
        // closed streams give their places back once the server notices (keep-alive every 0.5 s)
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Streamed again = caller().modern("subscriptions/listen").param("notifications", JsonValue.EMPTY_JSON_OBJECT).call().open()) {
                if (again.status() == 200) {
                    break;
                }
            }
            if (System.nanoTime() > deadline) {
                fail("closed streams were not released");
            }
            Thread.sleep(250);
        }
        a1.delete().send();
        a2.delete().send();
    }

    private static Streamed openStream(McpHttpClient.Call call) {
        Streamed streamed = call.open();
        assertEquals(200, streamed.status());
        assertTrue(streamed.isSse());
        return streamed;
    }

    // ------------------------------------------------------------------------------------------------ calls at once

    /**
     * A caller runs at most {@code mcp.execution.max-concurrent-per-caller} calls at once (waiting ones included): one
     * more gets 429, while another caller's calls run; once one has ended, the caller's next call runs.
     */
    @Test
    void aCallerRunsAtMostItsShareOfCallsAtOnce() throws InterruptedException {
        McpHttpClient alice = caller();
        LegacySession session = alice.initialize(McpHttpClient.V2025_11_25);
        List<Streamed> waiting = new ArrayList<>();
        List<JsonValue> questions = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Streamed call = session.post(session.request(Json.createValue(100 + i), "tools/call", Json.createObjectBuilder()
                        .add("name", "test_elicitation").add("arguments", Json.createObjectBuilder().add("message", "question " + i)).build())).open();
                waiting.add(call);
                JsonObject question = call.events().nextMessage(Duration.ofSeconds(30));
                assertEquals("elicitation/create", question.getString("method"), question::toString);
                questions.add(question.get("id"));
            }
            Reply third = alice.modern("tools/call").param("name", "test_simple_text").param("arguments", JsonValue.EMPTY_JSON_OBJECT).send();
            assertLimited(third, 429, -31429, "mcp.execution.max-concurrent-per-caller");
            Reply inSession = session.send("tools/call", Json.createObjectBuilder().add("name", "test_simple_text")
                    .add("arguments", JsonValue.EMPTY_JSON_OBJECT).build());
            assertLimited(inSession, 429, -31429, "a caller runs at most 2 calls at once");
            assertEquals(200, session.send("ping", JsonValue.EMPTY_JSON_OBJECT).status(), "what runs no author code is not counted");

            Reply bobs = caller().modern("tools/call").param("name", "test_simple_text").param("arguments", JsonValue.EMPTY_JSON_OBJECT).send();
            assertEquals(200, bobs.status(), bobs::toString);
            assertTrue(bobs.result().containsKey("content"), bobs::toString);

            session.post(Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", questions.get(0)).add("result", Json.createObjectBuilder()
                    .add("action", "decline")).build().toString()).send().assertAccepted();
            JsonObject answered = waiting.get(0).events().awaitResponse(Json.createValue(100), Duration.ofSeconds(30), null);
            assertTrue(answered.containsKey("result"), answered::toString);
            // the place is given back as the call ends, which may be a moment after its answer
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Reply again;
            while (true) {
                again = alice.modern("tools/call").param("name", "test_simple_text").param("arguments", JsonValue.EMPTY_JSON_OBJECT).send();
                if (again.status() != 429 || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(200, again.status(), again::toString);
        } finally {
            waiting.forEach(Streamed::close);
        }
        session.delete().send();
    }

    /**
     * {@code mcp.<kind>.<name>.max-concurrent}: a tool runs at most that many calls at once, whoever calls; one more
     * gets 503 at once (not a queue) while other tools are served, and once the running call ended the next runs.
     */
    @Test
    void aToolRunsAtMostItsBoundOfCallsAtOnce() throws Exception {
        double refusedBefore = overCapacity("item");
        CompletableFuture<Reply> holding = CompletableFuture.supplyAsync(() -> caller().modern("tools/call")
                .param("name", "bulkhead_hold").param("arguments", Json.createObjectBuilder().add("millis", 8000).build()).send()); // long enough for what follows on a slow machine
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"1".equals(inside()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("1", inside(), "the first call runs");

        Reply refused = caller().modern("tools/call").param("name", "bulkhead_hold")
                .param("arguments", Json.createObjectBuilder().add("millis", 0).build()).send();
        assertLimited(refused, 503, -31503, "tool bulkhead_hold runs as many calls at once as it may (1, mcp.tools.bulkhead_hold.max-concurrent)");
        assertEquals(refusedBefore + 1, awaitOverCapacity("item", refusedBefore + 1), "counted in mcp.server.over_capacity{limit=\"item\"}");

        Reply held = holding.get(30, TimeUnit.SECONDS);
        assertEquals(200, held.status(), held::toString);
        assertEquals("held 8000 ms", held.result().getJsonArray("content").getJsonObject(0).getString("text"));
        Reply next = caller().modern("tools/call").param("name", "bulkhead_hold")
                .param("arguments", Json.createObjectBuilder().add("millis", 0).build()).send();
        assertEquals(200, next.status(), next::toString);
        assertEquals("held 0 ms", next.result().getJsonArray("content").getJsonObject(0).getString("text"), next::toString);
    }

    /** bulkhead_inside, another tool, served whatever bulkhead_hold's bound. */
    private String inside() {
        Reply reply = caller().modern("tools/call").param("name", "bulkhead_inside").param("arguments", JsonValue.EMPTY_JSON_OBJECT).send();
        assertEquals(200, reply.status(), reply::toString);
        return reply.result().getJsonArray("content").getJsonObject(0).getString("text");
    }

    // ------------------------------------------------------------------------------------------------ subscriptions

    @Test
    void subscriptionsPerSessionAreLimited() {
        LegacySession session = caller().initialize(McpHttpClient.V2025_11_25);
        session.call("resources/subscribe", Json.createObjectBuilder().add("uri", "test://watched-resource").build());
        session.call("resources/subscribe", Json.createObjectBuilder().add("uri", "test://template/1/data").build());
        JsonValue id = Json.createValue(77);
        JsonObject error = session.post(session.request(id, "resources/subscribe",
                Json.createObjectBuilder().add("uri", "test://template/2/data").build())).send().assertError(200, -32602, id);
        assertTrue(error.getString("message").contains("mcp.subscriptions.max-per-session"), error.toString());
        session.call("resources/unsubscribe", Json.createObjectBuilder().add("uri", "test://watched-resource").build());
        session.call("resources/subscribe", Json.createObjectBuilder().add("uri", "test://template/2/data").build());
        session.delete().send();

        Reply tooMany = caller().modern("subscriptions/listen").param("notifications", Json.createObjectBuilder()
                .add("resourceSubscriptions", Json.createArrayBuilder().add("test://a").add("test://b").add("test://c")).build()).send();
        assertEquals(400, tooMany.status(), tooMany::toString);
        assertEquals(-32602, tooMany.object().getJsonObject("error").getInt("code"));
    }
}
