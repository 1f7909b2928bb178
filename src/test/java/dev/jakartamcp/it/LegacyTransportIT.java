package dev.jakartamcp.it;

import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.Reply;
import dev.jakartamcp.it.McpHttpClient.Streamed;
import dev.jakartamcp.it.fixture.TransportFixtureTools;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.jakartamcp.it.McpHttpClient.SUPPORTED;
import static dev.jakartamcp.it.McpHttpClient.V2025_03_26;
import static dev.jakartamcp.it.McpHttpClient.V2025_06_18;
import static dev.jakartamcp.it.McpHttpClient.V2025_11_25;
import static dev.jakartamcp.it.McpHttpClient.V2026_07_28;
import static dev.jakartamcp.it.McpHttpClient.arr;
import static dev.jakartamcp.it.McpHttpClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streamable HTTP as the 2025 revisions (2025-03-26, 2025-06-18, 2025-11-25) define it, against the product WAR with
 * the conformance fixture on every server: the initialize handshake and sessions, the protocol version header, the
 * GET stream, answers as JSON or SSE, server-to-client requests on the call's own stream, progress, cancellation,
 * batches and resumption.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class LegacyTransportIT extends EndpointIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpDeployments.withConformanceFixture(Map.of()).addPackage(TransportFixtureTools.class.getPackage());
    }


    /** Whatever a test did, the server still takes a new session and answers in it. */
    @AfterEach
    void serverStillWorks() {
        LegacySession s = mcp().initialize(V2025_11_25);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, s.call("ping", null));
    }

    // ------------------------------------------------------------------ initialize and sessions

    @Test
    void initializeMintsAVisibleAsciiSessionIdAndEchoesEachSupportedVersion() {
        Set<String> ids = new HashSet<>();
        for (String version : List.of(V2025_03_26, V2025_06_18, V2025_11_25)) {
            JsonValue id = Json.createValue("init-" + version);
            Reply reply = mcp().post(mcp().initializeBody(id, version, McpHttpClient.fullCapabilities())).send();
            JsonObject result = reply.result(id);
            assertTrue(reply.isJson(), "initialize is answered with one JSON object");
            assertEquals(version, result.getString("protocolVersion"), "a supported requested version is echoed");
            assertTrue(result.get("capabilities") instanceof JsonObject, "capabilities: " + result);
            assertNotNull(result.getJsonObject("serverInfo").getString("name"));
            assertNotNull(result.getJsonObject("serverInfo").getString("version"));
            String sessionId = reply.header("Mcp-Session-Id").orElseThrow(() -> new AssertionError("no Mcp-Session-Id"));
            assertTrue(sessionId.matches("[\\x21-\\x7E]+"), "visible ASCII only: " + sessionId);
            assertTrue(sessionId.length() >= 22, "at least 128 random bits: " + sessionId);
            ids.add(sessionId);
        }
        assertEquals(3, ids.size(), "each initialize gets its own session");
    }

    @Test
    void anUnknownOrModernRequestedVersionNegotiatesTheLatestSessionRevision() {
        assertEquals(V2025_11_25, mcp().initialize("1999-01-01").version());
        assertEquals(V2025_11_25, mcp().initialize("2099-12-31").version());
        // 2026-07-28 has no initialize; a client asking for it in the handshake still gets a session
        assertEquals(V2025_11_25, mcp().initialize(V2026_07_28).version());
    }

    @Test
    void initializeWithoutProtocolVersionIsInvalidParams() {
        JsonValue id = Json.createValue(41);
        mcp().post(obj("jsonrpc", "2.0", "id", id, "method", "initialize", "params", obj("capabilities", obj())).toString())
                .send().assertError(400, -32602, id);
    }

    @Test
    void aRequestWithoutSessionIdIs400() {
        JsonValue id = Json.createValue(7);
        Reply reply = mcp().post(obj("jsonrpc", "2.0", "id", id, "method", "tools/list").toString())
                .header("MCP-Protocol-Version", V2025_11_25).send();
        reply.assertError(400, -32600, id);
        assertTrue(reply.header("Mcp-Session-Id").isEmpty(), "no session is minted outside initialize");
    }

    @Test
    void anUnknownSessionIdIs404() {
        JsonValue id = Json.createValue("req-unknown");
        Reply reply = mcp().post(obj("jsonrpc", "2.0", "id", id, "method", "tools/list").toString())
                .header("Mcp-Session-Id", "no-such-session-" + System.nanoTime()).header("MCP-Protocol-Version", V2025_11_25).send();
        JsonObject error = reply.assertError(404, -32001, id);
        assertTrue(error.getString("message").toLowerCase().contains("session"), error.toString());
    }

    @Test
    void deleteEndsTheSessionAndItIs404Afterwards() {
        LegacySession s = mcp().initialize(V2025_11_25);
        Reply deleted = s.delete().send();
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals("", deleted.body());

        JsonValue id = Json.createValue(99);
        s.post(s.request(id, "ping", null)).send().assertError(404, -32001, id);
        assertEquals(404, s.get().send().status(), "GET with a deleted session");
        s.delete().send().assertError(404, -32001, null);
        s.notify("notifications/initialized", null).assertError(404, -32001, null);
    }

    @Test
    void deleteWhileTheGetStreamIsOpenEndsTheStreamAndIsAnswered() {
        LegacySession s = mcp().initialize(V2025_11_25);
        try (Streamed get = s.get().open()) {
            assertTrue(get.events().nextEvent(WAIT).isEmptyData(), "priming first");
            // the DELETE completes the stream on its own request thread, then answers
            Reply deleted = s.delete().send();
            assertEquals(200, deleted.status(), deleted.body());
            assertEquals(List.of(), get.events().awaitEnd(WAIT), "the stream ended with nothing more");
        }
        LegacySession next = mcp().initialize(V2025_11_25);
        assertTrue(next.call("tools/list", null).containsKey("tools"));
        next.delete().send();
    }

    @Test
    void deleteWithoutSessionIdIs400() {
        mcp().delete().header("MCP-Protocol-Version", V2025_11_25).send().assertError(400, -32600, null);
    }

    // ------------------------------------------------------------------ MCP-Protocol-Version header

    @Test
    void aMissingProtocolVersionHeaderIsAcceptedAs2025_03_26() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(5);
        Reply reply = s.post(s.request(id, "tools/list", null)).without("MCP-Protocol-Version").send();
        assertTrue(reply.result(id).get("tools") instanceof JsonArray);
    }

    @Test
    void anUnsupportedProtocolVersionHeaderIs400WithTheSupportedList() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(6);
        JsonObject error = s.post(s.request(id, "tools/list", null)).header("MCP-Protocol-Version", "2024-13-45").send()
                .assertError(400, -32022, id);
        assertEquals(arr(SUPPORTED.toArray()), error.getJsonObject("data").getJsonArray("supported"));
        assertEquals("2024-13-45", error.getJsonObject("data").getString("requested"));

        // a GET with an unsupported version is refused the same way
        s.get().header("MCP-Protocol-Version", "2024-13-45").send().assertError(400, -32022, null);
    }

    @Test
    void everySupportedSessionRevisionIsAcceptedInTheHeader() {
        LegacySession s = mcp().initialize(V2025_11_25);
        for (String version : List.of(V2025_03_26, V2025_06_18, V2025_11_25)) {
            JsonValue id = Json.createValue("v-" + version);
            assertTrue(s.post(s.request(id, "tools/list", null)).header("MCP-Protocol-Version", version).send()
                    .result(id).get("tools") instanceof JsonArray, version);
        }
    }

    // ------------------------------------------------------------------ messages and answers

    @Test
    void pingAndSetLevelAnswerExactlyAnEmptyObject() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(11);
        Reply ping = s.post(s.request(id, "ping", null)).header("Mcp-Method", "ping").send();
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, ping.result(id));
        assertEquals("application/json", ping.contentType().split(";")[0]);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, s.call("logging/setLevel", obj("level", "info")));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, s.call("ping", obj()));
    }

    @Test
    void notificationsAndResponsesAre202WithoutBody() {
        LegacySession s = mcp().initialize(V2025_11_25);
        s.notify("notifications/roots/list_changed", null).assertAccepted();
        s.notify("notifications/cancelled", obj("requestId", "never-sent")).assertAccepted();
        s.post(obj("jsonrpc", "2.0", "id", "srv-does-not-exist", "result", obj()).toString()).send().assertAccepted();
        s.post(obj("jsonrpc", "2.0", "id", 12345, "error", obj("code", -32601, "message", "nope")).toString()).send().assertAccepted();
    }

    @Test
    void anUnknownMethodIsMethodNotFoundInTheSession() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(13);
        s.post(s.request(id, "no/such/method", obj())).send().assertError(200, -32601, id);
        // server/discover is 2026-07-28 only
        JsonValue id2 = Json.createValue(14);
        s.post(s.request(id2, "server/discover", obj())).send().assertError(200, -32601, id2);
    }

    @Test
    void aMissingResourceIsResourceNotFoundWithItsUri() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(15);
        String uri = "test://nonexistent-resource";
        JsonObject error = s.post(s.request(id, "resources/read", obj("uri", uri))).send().assertError(200, -32002, id);
        assertEquals(uri, error.getJsonObject("data").getString("uri"));
    }

    @Test
    void aJsonOnlyClientGetsAJsonAnswerEvenWhenTheToolReportsProgress() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(16);
        Reply reply = s.post(s.request(id, "tools/call", obj("name", "test_tool_with_progress", "arguments", obj(),
                "_meta", obj("progressToken", "json-only")))).header("Accept", "application/json").send();
        assertTrue(reply.isJson(), reply.contentType());
        assertEquals("Progress completed", reply.result(id).getJsonArray("content").getJsonObject(0).getString("text"));
    }

    // ------------------------------------------------------------------ the GET stream

    @Test
    void getWithoutSessionIs400AndWithAnUnknownOneIs404() {
        mcp().get().header("MCP-Protocol-Version", V2025_11_25).send().assertError(400, -32600, null);
        mcp().get().header("Mcp-Session-Id", "unknown-" + System.nanoTime()).header("MCP-Protocol-Version", V2025_11_25)
                .send().assertError(404, -32001, null);
    }

    @Test
    void getOpensAnEventStreamThatStartsWithAPrimingEventIn2025_11_25() {
        LegacySession s = mcp().initialize(V2025_11_25);
        try (Streamed get = s.get().open()) {
            assertEquals(200, get.status());
            assertEquals("text/event-stream", get.contentType().split(";")[0].trim());
            assertEquals("no", get.headers().firstValue("X-Accel-Buffering").orElse(""));
            SseEvent priming = get.events().nextEvent(WAIT);
            assertNotNull(priming.id(), "the priming event has an id");
            assertFalse(priming.id().isBlank());
            assertEquals("", priming.data(), "the priming event has empty data");
            assertNotNull(priming.retry(), "the priming event carries retry");
            assertTrue(priming.retry() > 0);
        }
    }

    @Test
    void aToolListChangeArrivesOnTheGetStream() {
        LegacySession s = mcp().initialize(V2025_11_25);
        try (Streamed get = s.get().open()) {
            SseStream events = get.events();
            assertTrue(events.nextEvent(WAIT).isEmptyData(), "priming first");
            s.call("tools/call", obj("name", "test_trigger_tool_change", "arguments", obj()));
            JsonObject notification = events.nextMessage(WAIT);
            assertEquals("notifications/tools/list_changed", notification.getString("method"));
            assertFalse(notification.containsKey("id"), "a notification has no id");
        }
    }

    @Test
    void aResourceUpdateReachesTheSessionsSubscribedToItOnly() {
        String uri = "test://watched-resource";
        LegacySession subscriber = mcp().initialize(V2025_11_25);
        LegacySession bystander = mcp().initialize(V2025_11_25);
        try (Streamed a = subscriber.get().open(); Streamed b = bystander.get().open()) {
            assertTrue(a.events().nextEvent(WAIT).isEmptyData());
            assertTrue(b.events().nextEvent(WAIT).isEmptyData());
            assertEquals(JsonValue.EMPTY_JSON_OBJECT, subscriber.call("resources/subscribe", obj("uri", uri)));

            subscriber.call("tools/call", obj("name", "test_touch_resource", "arguments", obj("uri", uri)));
            JsonObject updated = a.events().nextMessage(WAIT);
            assertEquals("notifications/resources/updated", updated.getString("method"));
            assertEquals(uri, updated.getJsonObject("params").getString("uri"));
            b.events().assertNoMessage(Duration.ofMillis(500));

            assertEquals(JsonValue.EMPTY_JSON_OBJECT, subscriber.call("resources/unsubscribe", obj("uri", uri)));
            subscriber.call("tools/call", obj("name", "test_touch_resource", "arguments", obj("uri", uri)));
            a.events().assertNoMessage(Duration.ofMillis(500));
        }
    }

    @Test
    void a2025_03_26GetStreamHasNoPrimingEventButCarriesNotifications() {
        LegacySession s = mcp().initialize(V2025_03_26);
        try (Streamed get = s.get().open()) {
            assertEquals(200, get.status());
            SseStream events = get.events();
            s.call("tools/call", obj("name", "test_trigger_tool_change", "arguments", obj()));
            SseEvent first = events.nextEvent(WAIT);
            assertNotNull(first.json(), "the first event is the notification, not a priming event: " + first);
            assertEquals("notifications/tools/list_changed", first.json().getString("method"));
        }
    }

    @Test
    void getWithAcceptWithoutEventStreamIs406() {
        LegacySession s = mcp().initialize(V2025_11_25);
        s.get().header("Accept", "application/json").send().assertError(406, -32600, null);
    }

    @Test
    void aProgressTokenThatIsNoStringOrNumberOrTooLongIsInvalidParams() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(22);
        JsonObject error = s.post(s.request(id, "tools/call", obj("name", "test_tool_with_progress", "arguments", obj(),
                "_meta", obj("progressToken", Json.createArrayBuilder().add(1).add(2).build())))).send().assertError(200, -32602, id);
        assertEquals("Invalid params: _meta.progressToken must be a string or a number, not array", error.getString("message"));
        JsonValue id2 = Json.createValue(23);
        s.post(s.request(id2, "tools/call", obj("name", "test_tool_with_progress", "arguments", obj(),
                "_meta", obj("progressToken", "p".repeat(1025))))).send().assertError(200, -32602, id2);
        JsonValue id3 = Json.createValue(24);
        s.post(s.request(id3, "ping", obj())).send().result(id3);
    }

    // ------------------------------------------------------------------ POST streams

    @Test
    void progressNotificationsTravelOnTheCallsOwnStreamBeforeTheResult() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(21);
        try (Streamed call = s.post(s.request(id, "tools/call", obj("name", "test_tool_with_progress", "arguments", obj(),
                "_meta", obj("progressToken", "p-21")))).open()) {
            assertEquals(200, call.status());
            assertTrue(call.isSse(), call.contentType());
            SseStream events = call.events();
            SseEvent priming = events.nextEvent(WAIT);
            assertTrue(priming.isEmptyData() && priming.id() != null && priming.retry() != null, "priming event: " + priming);
            List<JsonObject> before = new ArrayList<>();
            JsonObject response = events.awaitResponse(id, WAIT, before);
            assertEquals("Progress completed", response.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"));
            assertTrue(before.size() >= 3, "at least three progress notifications: " + before);
            double last = -1;
            for (JsonObject n : before) {
                assertEquals("notifications/progress", n.getString("method"));
                assertEquals("p-21", n.getJsonObject("params").getString("progressToken"));
                double p = n.getJsonObject("params").getJsonNumber("progress").doubleValue();
                assertTrue(p >= last, "progress never decreases: " + before);
                last = p;
            }
            assertTrue(events.awaitEnd(WAIT).isEmpty(), "the stream ends after the response");
        }
    }

    @Test
    void samplingTravelsOnTheCallsStreamAndTheCallCompletesWithTheClientsAnswer() {
        LegacySession s = mcp().initialize(V2025_11_25);
        try (Streamed get = s.get().open()) {
            SseStream standalone = get.events();
            assertTrue(standalone.nextEvent(WAIT).isEmptyData());

            JsonValue id = Json.createValue("call-sampling");
            try (Streamed call = s.post(s.request(id, "tools/call",
                    obj("name", "test_sampling", "arguments", obj("prompt", "Test prompt for sampling")))).open()) {
                assertEquals(200, call.status());
                SseStream events = call.events();
                JsonObject request = events.nextMessage(WAIT);
                assertEquals("sampling/createMessage", request.getString("method"));
                JsonValue serverRequestId = request.get("id");
                assertNotNull(serverRequestId, "a server-to-client request has an id");
                JsonObject params = request.getJsonObject("params");
                assertEquals("Test prompt for sampling", params.getJsonArray("messages").getJsonObject(0)
                        .getJsonObject("content").getString("text"));
                assertEquals(100, params.getInt("maxTokens"));

                String answer = obj("jsonrpc", "2.0", "id", serverRequestId, "result", obj("role", "assistant",
                        "content", obj("type", "text", "text", "This is a test response from the client"),
                        "model", "test-model", "stopReason", "endTurn")).toString();
                // another session cannot answer this session's request
                LegacySession other = mcp().initialize(V2025_11_25);
                other.post(answer.replace("This is a test response", "A forged response")).send().assertAccepted();
                events.assertNoMessage(Duration.ofMillis(300));

                s.post(answer).send().assertAccepted();

                JsonObject response = events.awaitResponse(id, WAIT, null);
                assertEquals("2.0", response.getString("jsonrpc"));
                String text = response.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
                assertTrue(text.contains("This is a test response from the client"), text);
                assertTrue(events.awaitEnd(WAIT).isEmpty());
            }
            standalone.assertNoMessage(Duration.ofMillis(300));
        }
    }

    @Test
    void elicitationTravelsOnTheCallsStream() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(23);
        try (Streamed call = s.post(s.request(id, "tools/call",
                obj("name", "test_elicitation", "arguments", obj("message", "Please provide your information")))).open()) {
            SseStream events = call.events();
            JsonObject request = events.nextMessage(WAIT);
            assertEquals("elicitation/create", request.getString("method"));
            assertEquals("Please provide your information", request.getJsonObject("params").getString("message"));
            s.post(obj("jsonrpc", "2.0", "id", request.get("id"), "result", obj("action", "accept",
                    "content", obj("username", "testuser", "email", "test@example.com"))).toString()).send().assertAccepted();
            String text = events.awaitResponse(id, WAIT, null).getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
            assertTrue(text.contains("testuser"), text);
        }
    }

    @Test
    void aRootsRequestTravelsOnTheCallsStream() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(24);
        try (Streamed call = s.post(s.request(id, "tools/call", obj("name", "test_input_required_result_list_roots", "arguments", obj()))).open()) {
            SseStream events = call.events();
            JsonObject request = events.nextMessage(WAIT);
            assertEquals("roots/list", request.getString("method"));
            s.post(obj("jsonrpc", "2.0", "id", request.get("id"), "result",
                    obj("roots", arr(obj("uri", "file:///test/root", "name", "Test Root")))).toString()).send().assertAccepted();
            String text = events.awaitResponse(id, WAIT, null).getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
            assertTrue(text.contains("file:///test/root"), text);
        }
    }

    @Test
    void anErrorAnswerToASamplingRequestFailsTheCallWithInternalError() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(25);
        try (Streamed call = s.post(s.request(id, "tools/call", obj("name", "test_sampling", "arguments", obj("prompt", "refuse me")))).open()) {
            SseStream events = call.events();
            JsonObject request = events.nextMessage(WAIT);
            s.post(obj("jsonrpc", "2.0", "id", request.get("id"), "error", obj("code", -1, "message", "User rejected sampling request"))
                    .toString()).send().assertAccepted();
            JsonObject response = events.awaitResponse(id, WAIT, null);
            assertEquals(-32603, response.getJsonObject("error").getInt("code"), response.toString());
            assertFalse(response.containsKey("result"));
        }
    }

    @Test
    void aClientThatAcceptsOnlyJsonCannotBeAskedAndGetsInternalError() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(26);
        s.post(s.request(id, "tools/call", obj("name", "test_sampling", "arguments", obj("prompt", "no stream"))))
                .header("Accept", "application/json").send().assertError(200, -32603, id);
    }

    @Test
    void cancellingARunningCallStopsItWithoutAResponse() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue("to-cancel");
        try (Streamed call = s.post(s.request(id, "tools/call",
                obj("name", "test_sampling", "arguments", obj("prompt", "never answered")))).open()) {
            SseStream events = call.events();
            assertEquals("sampling/createMessage", events.nextMessage(WAIT).getString("method"), "the call is running");

            long start = System.nanoTime();
            s.notify("notifications/cancelled", obj("requestId", id, "reason", "test")).assertAccepted();
            List<JsonObject> after = events.awaitEnd(WAIT);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0,
                    "the call stopped promptly after the cancellation");
            for (JsonObject m : after) {
                assertFalse(id.equals(m.get("id")) && !m.containsKey("method"), "no response for a cancelled request: " + m);
            }
        }
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, s.call("ping", null), "the session still works");
    }

    private static String slowStatus(LegacySession s, String label) {
        return s.call("tools/call", obj("name", "test_slow_status", "arguments", obj("label", label)))
                .getJsonArray("content").getJsonObject(0).getString("text");
    }

    private static String awaitSlowStatus(LegacySession s, String label, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String status;
        do {
            status = slowStatus(s, label);
            if (status.equals(expected)) {
                return status;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return status;
    }

    @Test
    void cancellingARunningToolStopsItWithoutAResponse() throws InterruptedException {
        LegacySession s = mcp().initialize(V2025_11_25);
        String label = "legacy-cancel-" + System.nanoTime();
        JsonValue id = Json.createValue("slow-to-cancel");
        try (Streamed call = s.post(s.request(id, "tools/call", obj("name", "test_slow", "arguments", obj("label", label),
                "_meta", obj("progressToken", "slow")))).open()) {
            SseStream events = call.events();
            assertEquals("notifications/progress", events.nextMessage(WAIT).getString("method"), "the tool is running");
            s.notify("notifications/cancelled", obj("requestId", id, "reason", "test")).assertAccepted();
            for (JsonObject m : events.awaitEnd(WAIT)) {
                assertEquals("notifications/progress", m.getString("method", null), "no response for a cancelled request: " + m);
            }
        }
        assertEquals("cancelled", awaitSlowStatus(s, label, "cancelled"), "the tool saw the cancellation and stopped");
    }

    @Test
    void aDroppedPostStreamIsNoCancellationAndItsResultCanBeFetchedWithLastEventId() throws InterruptedException {
        LegacySession s = mcp().initialize(V2025_11_25);
        String label = "legacy-drop-" + System.nanoTime();
        JsonValue id = Json.createValue(35);
        String lastSeen;
        try (Streamed call = s.post(s.request(id, "tools/call", obj("name", "test_slow", "arguments", obj("label", label, "millis", 1500),
                "_meta", obj("progressToken", "drop")))).open()) {
            SseStream events = call.events();
            assertTrue(events.nextEvent(WAIT).isEmptyData(), "priming event");
            SseEvent progress = events.nextEvent(WAIT);
            assertEquals("notifications/progress", progress.json().getString("method"));
            lastSeen = progress.id();
        }
        assertEquals("finished", awaitSlowStatus(s, label, "finished"), "a disconnect does not cancel a 2025 request");
        try (Streamed resumed = s.get().header("Last-Event-ID", lastSeen).open()) {
            assertEquals(200, resumed.status());
            List<JsonObject> before = new ArrayList<>();
            JsonObject response = resumed.events().awaitResponse(id, WAIT, before);
            assertTrue(response.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text").startsWith("finished"));
            assertFalse(before.isEmpty(), "the progress sent while disconnected is replayed too");
            before.forEach(m -> assertEquals("notifications/progress", m.getString("method")));
        }
    }

    // ------------------------------------------------------------------ batches

    @Test
    void batchesWorkIn2025_03_26() {
        LegacySession s = mcp().initialize(V2025_03_26);
        String batch = arr(obj("jsonrpc", "2.0", "id", 1, "method", "ping"),
                obj("jsonrpc", "2.0", "method", "notifications/roots/list_changed"),
                obj("jsonrpc", "2.0", "id", "two", "method", "tools/list"),
                obj("jsonrpc", "2.0", "id", 3, "method", "no/such/method")).toString();
        Reply reply = s.post(batch).send();
        assertEquals(200, reply.status(), reply.body());
        JsonArray answers = (JsonArray) reply.json();
        assertEquals(3, answers.size(), "one answer per request, none for the notification: " + answers);
        JsonObject ping = answers.getJsonObject(0);
        assertEquals(Json.createValue(1), ping.get("id"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, ping.getJsonObject("result"));
        assertEquals(Json.createValue("two"), answers.getJsonObject(1).get("id"));
        assertTrue(answers.getJsonObject(1).getJsonObject("result").get("tools") instanceof JsonArray);
        assertEquals(Json.createValue(3), answers.getJsonObject(2).get("id"));
        assertEquals(-32601, answers.getJsonObject(2).getJsonObject("error").getInt("code"));

        String notificationsOnly = arr(obj("jsonrpc", "2.0", "method", "notifications/roots/list_changed"),
                obj("jsonrpc", "2.0", "method", "notifications/cancelled", "params", obj("requestId", 777))).toString();
        s.post(notificationsOnly).send().assertAccepted();
        s.post(notificationsOnly).without("MCP-Protocol-Version").send().assertAccepted();
    }

    @Test
    void batchesAreRejectedAfter2025_03_26() {
        for (String version : List.of(V2025_06_18, V2025_11_25)) {
            LegacySession s = mcp().initialize(version);
            String batch = arr(obj("jsonrpc", "2.0", "id", 1, "method", "ping"), obj("jsonrpc", "2.0", "id", 2, "method", "ping")).toString();
            s.post(batch).send().assertError(400, -32600, null);
            s.post(batch).without("MCP-Protocol-Version").send().assertError(400, -32600, null);
        }
    }

    // ------------------------------------------------------------------ resumption

    @Test
    void aGetWithLastEventIdReplaysTheRestOfAPostStream() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(31);
        List<SseEvent> original;
        try (Streamed call = s.post(s.request(id, "tools/call", obj("name", "test_tool_with_progress", "arguments", obj(),
                "_meta", obj("progressToken", "resume-me")))).open()) {
            SseStream events = call.events();
            events.awaitEnd(WAIT);
            original = events.seen().stream().filter(e -> !e.end() && !e.isComment()).toList();
        }
        assertTrue(original.size() >= 5, "priming, three progress notifications and the response: " + original);
        original.forEach(e -> assertNotNull(e.id(), "every event of a resumable stream has an id: " + e));
        assertEquals(original.size(), original.stream().map(SseEvent::id).distinct().count(), "event ids are unique");

        SseEvent firstProgress = original.get(1);
        List<SseEvent> expected = original.subList(2, original.size());
        try (Streamed resumed = s.get().header("Last-Event-ID", firstProgress.id()).open()) {
            assertEquals(200, resumed.status());
            SseStream events = resumed.events();
            events.awaitEnd(WAIT);
            List<SseEvent> replayed = events.seen().stream().filter(e -> !e.end() && !e.isComment()).toList();
            assertEquals(expected.stream().map(SseEvent::id).toList(), replayed.stream().map(SseEvent::id).toList(),
                    "exactly the events after Last-Event-ID, in order");
            assertEquals(expected.stream().map(SseEvent::data).toList(), replayed.stream().map(SseEvent::data).toList());
            assertEquals(id, replayed.get(replayed.size() - 1).json().get("id"), "the replay ends with the response");
        }
    }

    @Test
    void aLastEventIdOfAnotherSessionReplaysNothing() {
        LegacySession owner = mcp().initialize(V2025_11_25);
        String primingId;
        try (Streamed get = owner.get().open()) {
            SseStream events = get.events();
            primingId = events.nextEvent(WAIT).id();
            owner.call("tools/call", obj("name", "test_trigger_tool_change", "arguments", obj()));
            assertEquals("notifications/tools/list_changed", events.nextMessage(WAIT).getString("method"));
        }
        LegacySession stranger = mcp().initialize(V2025_11_25);
        try (Streamed get = stranger.get().header("Last-Event-ID", primingId).open()) {
            assertEquals(200, get.status());
            SseEvent first = get.events().nextEvent(WAIT);
            assertTrue(first.isEmptyData(), "a fresh stream starts with its own priming event: " + first);
            assertNotEquals(primingId.split("_")[0], first.id().split("_")[0], "not the owner's stream");
            get.events().assertNoMessage(Duration.ofMillis(300));
        }
    }

    @Test
    void aGetWithLastEventIdResumesTheGetStream() {
        LegacySession s = mcp().initialize(V2025_11_25);
        String primingId;
        String notificationId;
        try (Streamed get = s.get().open()) {
            SseStream events = get.events();
            primingId = events.nextEvent(WAIT).id();
            s.call("tools/call", obj("name", "test_trigger_tool_change", "arguments", obj()));
            SseEvent change = events.nextEvent(WAIT);
            assertEquals("notifications/tools/list_changed", change.json().getString("method"));
            notificationId = change.id();
            assertNotNull(notificationId);
        }
        try (Streamed resumed = s.get().header("Last-Event-ID", primingId).open()) {
            assertEquals(200, resumed.status());
            SseStream events = resumed.events();
            SseEvent replayed = events.nextEvent(WAIT);
            assertEquals(notificationId, replayed.id(), "the event after Last-Event-ID is replayed");
            assertEquals("notifications/tools/list_changed", replayed.json().getString("method"));
            // the resumed stream is live again
            s.call("tools/call", obj("name", "test_trigger_tool_change", "arguments", obj()));
            SseEvent live = events.nextEvent(WAIT);
            assertEquals("notifications/tools/list_changed", live.json().getString("method"));
            assertNotEquals(notificationId, live.id());
        }
    }

    // ------------------------------------------------------------------ tool errors

    @Test
    void invalidToolArgumentsAreAToolErrorAndAnUnknownToolIsInvalidParams() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonObject wrongType = s.call("tools/call", obj("name", "test_sampling", "arguments", obj("prompt", 42)));
        assertEquals(JsonValue.TRUE, wrongType.get("isError"), wrongType.toString());
        assertTrue(wrongType.getJsonArray("content").getJsonObject(0).getString("text").contains("prompt"), wrongType.toString());

        JsonObject missing = s.call("tools/call", obj("name", "test_elicitation", "arguments", obj()));
        assertEquals(JsonValue.TRUE, missing.get("isError"), missing.toString());
        assertTrue(missing.getJsonArray("content").getJsonObject(0).getString("text").contains("message"), missing.toString());

        JsonObject unreadable = s.call("tools/call", obj("name", "record_program",
                "arguments", obj("channel", "ETV", "start", "not-a-date-time")));
        assertEquals(JsonValue.TRUE, unreadable.get("isError"), unreadable.toString());
        assertTrue(unreadable.getJsonArray("content").getJsonObject(0).getString("text").contains("start"), unreadable.toString());

        JsonValue id = Json.createValue(41);
        s.post(s.request(id, "tools/call", obj("name", "no_such_tool", "arguments", obj()))).send().assertError(200, -32602, id);
        assertNotEquals(JsonValue.TRUE, s.call("tools/call", obj("name", "test_simple_text")).get("isError"));
    }
}
