package dev.jakartamcp.transport;

import dev.jakartamcp.ops.Drain;
import dev.jakartamcp.pipeline.AuthorExecution;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpDispatcher;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ModernExchanges} on hand-made 2026-07-28 requests, with the author's code on a thread of its own. */
class ModernExchangesTest {
    private final FakeHttp.Request fakeRequest = new FakeHttp.Request();
    private final FakeHttp.Response response = new FakeHttp.Response();
    private final ModernExchanges modern = new ModernExchanges();
    /** The client capabilities the dispatcher (and so author code) got, if the request got that far. */
    private final AtomicReference<JsonObject> dispatched = new AtomicReference<>();
    /** The methods observed (span and metrics) as they ended. */
    private final java.util.List<String> observed = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The requests refused before dispatch, audited and counted ({@code method outcome reason}). */
    private final java.util.List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The settings, read live. */
    private final java.util.Map<String, String> config = new HashMap<>();

    ModernExchangesTest() {
        McpSettings settings = FakeHttp.settings(config);
        modern.settings = settings;
        modern.timers = new StreamTimers();
        modern.errors = new HttpErrors();
        modern.dispatcher = new McpDispatcher() {
            @Override
            public JsonObject dispatch(Exchange exchange) {
                dispatched.set(exchange.clientCapabilities());
                return JsonValue.EMPTY_JSON_OBJECT;
            }
        };
        modern.observations = new dev.jakartamcp.ops.Observations() {
            private final java.util.Map<dev.jakartamcp.ops.Observation, String> begun = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public dev.jakartamcp.ops.Observation begin(Exchange exchange) {
                dev.jakartamcp.ops.Observation observation = dev.jakartamcp.ops.Observation.detached(exchange);
                begun.put(observation, exchange.method());
                return observation;
            }

            @Override
            public void end(dev.jakartamcp.ops.Observation observation) {
                observed.add(begun.remove(observation));
            }

            @Override
            public void refused(Caller caller, String method, dev.jakartamcp.api.AuditRecord.Outcome outcome, String reason, String traceparent) {
                refusals.add(method + " " + outcome + " " + reason);
            }

            @Override
            public void refusedInTrace(Caller caller, String method, dev.jakartamcp.api.AuditRecord.Outcome outcome, String reason, String traceId) {
                refusals.add(method + " " + outcome + " " + reason + (traceId == null ? "" : " in " + traceId));
            }
        };
        modern.calls = new CallExecution();
        modern.calls.drain = new Drain();
        modern.calls.settings = settings;
        modern.calls.deadlines = FakeHttp.deadlines(settings);
        modern.calls.beans = (BeanManager) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BeanManager.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        modern.calls.execution = new AuthorExecution() {
            @Override
            public void submit(Caller caller, String method, java.util.function.Supplier<String> traceId, Runnable work, Consumer<Throwable> notStarted) {
                new Thread(work, "execution-test").start();
            }
        };
        fakeRequest.response = response;
        fakeRequest.header(LegacyExchanges.VERSION_HEADER, "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "t");
    }

    private void post(String capabilities) throws InterruptedException {
        postBody(call("2026-07-28", capabilities));
    }

    private static String call(String metaVersion, String capabilities) {
        return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"" + metaVersion + "\","
                + "\"io.modelcontextprotocol/clientCapabilities\":" + capabilities + "}}}";
    }

    private IncomingPost incoming(String body) {
        HttpServletRequest request = fakeRequest.build();
        return new IncomingPost(request, response.build(), HttpSink.deferred(request, response.build()),
                Json.createReader(new StringReader(body)).read(), new HttpChecks.Acceptance(true, false), Caller.anonymous("127.0.0.1"));
    }

    /** Handles {@code body} (a JSON object or array) as the servlet would, and waits until the call has ended. */
    private void postBody(String body) throws InterruptedException {
        HttpServletRequest request = fakeRequest.build();
        HttpSink sink = HttpSink.deferred(request, response.build());
        modern.handle(new IncomingPost(request, response.build(), sink, Json.createReader(new StringReader(body)).read(),
                new HttpChecks.Acceptance(true, false), Caller.anonymous("127.0.0.1")));
        sink.detach();
        FakeHttp.containerReturned(fakeRequest);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (modern.calls.drain.running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, modern.calls.drain.running(), "the call has ended");
    }

    /** 1e500000000 is 11 bytes, and 500 million digits for author code that reads it with toPlainString(). */
    @Test
    void aCapabilityHoldingANumberBeyondTheBoundIsInvalidParamsBeforeAuthorCodeSeesIt() throws InterruptedException {
        post("{\"experimental\":{\"acme\":{\"budget\":1e500000000}}}");
        assertNull(dispatched.get(), "the request never reached the dispatcher");
        assertEquals(400, response.status);
        JsonObject error = Json.createReader(new StringReader(response.text())).readObject().getJsonObject("error");
        assertEquals(ErrorCode.INVALID_PARAMS, error.getInt("code"));
        assertEquals("Invalid params: _meta.io.modelcontextprotocol/clientCapabilities: experimental.acme.budget must have"
                + " at most 1000 significant digits, 1000 before the point and 1000 after it (exponent included)",
                error.getString("message"));
    }

    /**
     * A live mcp.client-request.timeout broken while running counts as its default: every 2026-07-28 request was a 500
     * (Internal error) while it was broken, though only a tool asking its client something waits that long.
     */
    @Test
    void aBrokenClientRequestTimeoutLeavesRequestsAnswered() throws InterruptedException {
        config.put("mcp.client-request.timeout", "PT0S");
        post("{}");
        assertEquals(200, response.status, response::text);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, Json.createReader(new StringReader(response.text())).readObject().get("result"));
    }

    @Test
    void capabilitiesWithOrdinaryNumbersReachTheDispatcher() throws InterruptedException {
        post("{\"experimental\":{\"acme\":{\"budget\":1e999,\"limit\":12345678901234567890}},\"elicitation\":{}}");
        assertEquals(200, response.status, response::text);
        assertTrue(dispatched.get().containsKey("elicitation"));
    }

    private void postWithClientInfo(String clientInfo) throws InterruptedException {
        postBody("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{},"
                + "\"io.modelcontextprotocol/clientInfo\":" + clientInfo + "}}}");
    }

    /** The schema has the client info as an object when it is there; one of another type is a client's mistake. */
    @Test
    void aClientInfoThatIsNoObjectIsInvalidParamsBeforeAuthorCodeSeesIt() throws InterruptedException {
        postWithClientInfo("\"x\"");
        assertNull(dispatched.get(), "the request never reached the dispatcher");
        assertEquals(400, response.status, response::text);
        JsonObject error = Json.createReader(new StringReader(response.text())).readObject().getJsonObject("error");
        assertEquals(ErrorCode.INVALID_PARAMS, error.getInt("code"));
        assertEquals("Invalid params: _meta.io.modelcontextprotocol/clientInfo must be an object", error.getString("message"));
    }

    @Test
    void aNullClientInfoIsTakenAsLeftOut() throws InterruptedException {
        postWithClientInfo("null");
        assertEquals(200, response.status, response::text);
        assertTrue(dispatched.get() != null, "the request reached the dispatcher");
    }

    /** The version header of the request, replacing the one every test request has. */
    private void versionHeader(String value) {
        fakeRequest.headers.removeIf(h -> h[0].equals(LegacyExchanges.VERSION_HEADER));
        if (value != null) {
            fakeRequest.header(LegacyExchanges.VERSION_HEADER, value);
        }
    }

    /** The request got 400 with the UnsupportedProtocolVersion error for {@code requested}, and ran nothing. */
    private void assertUnsupportedVersion(String requested, JsonValue id) {
        assertNull(dispatched.get(), "the request never reached the dispatcher");
        assertEquals(400, response.status, response::text);
        JsonObject answer = Json.createReader(new StringReader(response.text())).readObject();
        assertEquals(id, answer.getOrDefault("id", JsonValue.NULL), response::text);
        JsonObject error = answer.getJsonObject("error");
        assertEquals(ErrorCode.UNSUPPORTED_PROTOCOL_VERSION, error.getInt("code"), response::text);
        assertEquals("Unsupported protocol version: " + requested, error.getString("message"));
        assertEquals(requested, error.getJsonObject("data").getString("requested"));
    }

    /**
     * The version decides which rules the rest of the request is read by, so a version this server does not speak is
     * what a request hears first, not that it lacks what 2026-07-28 requires.
     */
    @Test
    void anUnsupportedVersionInTheHeaderIsReportedBeforeTheMissingMetaVersion() throws InterruptedException {
        versionHeader("1999-01-01");
        postBody("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}");
        assertUnsupportedVersion("1999-01-01", Json.createValue(4));
    }

    @Test
    void anUnsupportedVersionInMetaIsReportedBeforeTheMissingHeaderAndCapabilities() throws InterruptedException {
        versionHeader(null);
        postBody("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"t\","
                + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"v999.0.0\"}}}");
        assertUnsupportedVersion("v999.0.0", Json.createValue(5));
    }

    /** A notification has nothing to do in this revision; it is accepted, and observed as the conventions ask. */
    @Test
    void aNotificationIsAcceptedAndObserved() throws InterruptedException {
        postBody("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}");
        assertEquals(202, response.status);
        assertEquals(java.util.List.of("notifications/roots/list_changed"), observed);
    }

    @Test
    void aNotificationInAnUnsupportedVersionIsRefusedAsARequestIs() throws InterruptedException {
        versionHeader("1999-01-01");
        postBody("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{}}");
        assertUnsupportedVersion("1999-01-01", JsonValue.NULL);
    }

    @Test
    void aBatchInAnUnsupportedVersionIsRefusedForItsVersion() throws InterruptedException {
        versionHeader("1999-01-01");
        postBody("[{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}]");
        assertUnsupportedVersion("1999-01-01", JsonValue.NULL);
    }

    /** Two versions that disagree stay a header mismatch, whichever of them this server speaks. */
    @Test
    void aHeaderThatDisagreesWithMetaIsStillAMismatch() throws InterruptedException {
        versionHeader("1999-01-01");
        post("{}");
        assertNull(dispatched.get(), "the request never reached the dispatcher");
        assertEquals(400, response.status, response::text);
        assertEquals(ErrorCode.HEADER_MISMATCH, Json.createReader(new StringReader(response.text())).readObject()
                .getJsonObject("error").getInt("code"), response::text);
        assertEquals(java.util.List.of("tools/call INVALID header_mismatch"), refusals, "audited and counted");
    }

    /** A refused request is audited under the trace its {@code _meta} continues (SEP-414), as an answered one is. */
    @Test
    void aHeaderMismatchIsAuditedUnderTheTraceOfItsMeta() throws InterruptedException {
        versionHeader("1999-01-01");
        postBody("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},"
                + "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}}}");
        assertEquals(400, response.status, response::text);
        assertEquals(java.util.List.of("tools/call INVALID header_mismatch in 4bf92f3577b34da6a3ce929d0e0e4736"), refusals);
    }

    /**
     * A gateway trusts the {@code Mcp-*} headers of a request whose version header names a revision that has them: a body
     * naming a 2025 revision must not take such a request to the legacy side, where they are not checked (there a
     * {@code Mcp-Name} of one tool could front a call of another in a 2025 session).
     */
    @Test
    void aModernVersionHeaderClaimsTheRequestWhateverTheBodyNames() throws InterruptedException {
        for (String legacy : new String[] {"2025-11-25", "2025-06-18", "2025-03-26"}) {
            assertTrue(modern.claims(incoming(call(legacy, "{}"))), legacy);
        }
        fakeRequest.header(LegacyExchanges.SESSION_HEADER, "a-session");
        assertTrue(modern.claims(incoming(call("2025-11-25", "{}"))), "with a session too");
        versionHeader("2025-11-25");
        assertFalse(modern.claims(incoming(call("2025-11-25", "{}"))), "a legacy header and body are the legacy side's");
        versionHeader(null);
        assertFalse(modern.claims(incoming(call("2025-11-25", "{}"))), "no header, a legacy body: the legacy side's");
        assertTrue(modern.claims(incoming(call("2026-07-28", "{}"))), "no header, a modern body: a mismatch to answer here");

        versionHeader("2026-07-28");
        postBody(call("2025-11-25", "{}"));
        assertNull(dispatched.get(), "the request never reached the dispatcher");
        assertEquals(400, response.status, response::text);
        JsonObject error = Json.createReader(new StringReader(response.text())).readObject().getJsonObject("error");
        assertEquals(ErrorCode.HEADER_MISMATCH, error.getInt("code"), response::text);
        assertEquals("Header mismatch: MCP-Protocol-Version header value '2026-07-28' does not match body value '2025-11-25'",
                error.getString("message"), response::text);
    }
}
