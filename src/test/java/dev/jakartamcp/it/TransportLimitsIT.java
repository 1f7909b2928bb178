package dev.jakartamcp.it;

import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.ModernCall;
import dev.jakartamcp.it.McpHttpClient.Reply;
import dev.jakartamcp.it.McpHttpClient.Streamed;
import jakarta.json.Json;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.jakartamcp.it.McpHttpClient.V2025_11_25;
import static dev.jakartamcp.it.McpHttpClient.V2026_07_28;
import static dev.jakartamcp.it.McpHttpClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards and limits for both eras, on the product WAR alone with operator settings: a small
 * {@code mcp.max-request-bytes}, a 3-second {@code mcp.session.timeout}, an {@code mcp.allowed-origins} entry and a
 * short {@code mcp.sse.keep-alive}. Covers Origin and Host (DNS rebinding) checks, 413/415/406, malformed and
 * invalid JSON-RPC, tool argument errors, unsupported HTTP methods, session expiry and keep-alive comments. After
 * every test the server must still answer normally in both eras.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class TransportLimitsIT extends EndpointIT {
    private static final int MAX_BYTES = 2048;
    private static final String ALLOWED_ORIGIN = "https://allowed.example";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpDeployments.product(Map.of(
                "mcp.max-request-bytes", String.valueOf(MAX_BYTES),
                "mcp.session.timeout", "PT3S",
                "mcp.allowed-origins", ALLOWED_ORIGIN,
                "mcp.sse.keep-alive", "PT0.5S"));
    }


    @AfterEach
    void serverStillWorksInBothEras() {
        LegacySession s = mcp().initialize(V2025_11_25);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, s.call("ping", null));
        ModernCall discover = mcp().modern("server/discover");
        assertTrue(discover.send().result(discover.id()).containsKey("supportedVersions"));
    }

    private String initializeBody() {
        return mcp().initializeBody(Json.createValue(1), V2025_11_25, obj());
    }

    // ------------------------------------------------------------------ Origin

    @Test
    void aForeignOriginIs403InBothEras() {
        for (String origin : List.of("http://evil.example.com", "null", "https://allowed.example.evil.com")) {
            Reply legacy = mcp().post(initializeBody()).header("Origin", origin).send();
            legacy.assertError(403, -32600, null);
            assertTrue(legacy.header("Mcp-Session-Id").isEmpty(), "no session for a refused origin");
            mcp().modern("server/discover").header("Origin", origin).send().assertError(403, -32600, null);
        }
        LegacySession s = mcp().initialize(V2025_11_25);
        s.get().header("Origin", "http://evil.example.com").send().assertError(403, -32600, null);
        s.delete().header("Origin", "http://evil.example.com").send().assertError(403, -32600, null);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, s.call("ping", null), "the refused DELETE left the session alone");
    }

    @Test
    void theConfiguredOriginAndTheServersOwnOriginAreAllowed() {
        for (String origin : List.of(ALLOWED_ORIGIN, "http://" + mcp().authority())) {
            Reply legacy = mcp().post(initializeBody()).header("Origin", origin).send();
            assertEquals(V2025_11_25, legacy.result(Json.createValue(1)).getString("protocolVersion"), origin);
            ModernCall discover = mcp().modern("server/discover").header("Origin", origin);
            assertTrue(discover.send().result(discover.id()).containsKey("capabilities"), origin);
        }
    }

    // ------------------------------------------------------------------ Host (DNS rebinding)

    private Map<String, String> rawHeaders(String host, boolean modern) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", host);
        h.put("Content-Type", "application/json");
        h.put("Accept", McpHttpClient.ACCEPT_BOTH);
        if (modern) {
            h.put("MCP-Protocol-Version", V2026_07_28);
            h.put("Mcp-Method", "server/discover");
        }
        return h;
    }

    @Test
    void aForeignHostHeaderIs403WhileBoundToLoopback() {
        String port = String.valueOf(mcp().endpoint().getPort());
        String discover = mcp().modern("server/discover").id(Json.createValue(3)).body().toString();
        for (String host : List.of("evil.example.com", "evil.example.com:" + port, "127.0.0.1.nip.io:" + port)) {
            Reply legacy = mcp().raw("POST", rawHeaders(host, false), initializeBody());
            legacy.assertError(403, -32600, null);
            assertTrue(legacy.header("Mcp-Session-Id").isEmpty());
            mcp().raw("POST", rawHeaders(host, true), discover).assertError(403, -32600, null);
        }
        for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST:" + port)) {
            assertEquals(V2025_11_25, mcp().raw("POST", rawHeaders(host, false), initializeBody()).result(Json.createValue(1))
                    .getString("protocolVersion"), host);
            assertTrue(mcp().raw("POST", rawHeaders(host, true), discover).result(Json.createValue(3)).containsKey("capabilities"), host);
        }
    }

    // ------------------------------------------------------------------ body size

    /** A valid 2026-07-28 discover request padded with whitespace to exactly {@code size} bytes. */
    private String paddedDiscover(int size) {
        String body = mcp().modern("server/discover").id(Json.createValue(8)).body().toString();
        assertTrue(body.length() < size);
        return body.substring(0, body.length() - 1) + " ".repeat(size - body.length()) + "}";
    }

    private McpHttpClient.Call modernPost(String body) {
        return mcp().post(body).header("MCP-Protocol-Version", V2026_07_28).header("Mcp-Method", "server/discover");
    }

    @Test
    void aBodyOverTheLimitIs413WithContentLengthOrChunked() {
        String atLimit = paddedDiscover(MAX_BYTES);
        assertEquals(MAX_BYTES, atLimit.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertTrue(modernPost(atLimit).send().result(Json.createValue(8)).containsKey("capabilities"), "a body of exactly the limit is fine");
        assertTrue(modernPost(atLimit).chunked().send().result(Json.createValue(8)).containsKey("capabilities"), "also chunked");

        String overLimit = paddedDiscover(MAX_BYTES + 1);
        modernPost(overLimit).send().assertError(413, -32600, null);
        modernPost(overLimit).chunked().send().assertError(413, -32600, null);

        String farOver = paddedDiscover(3 * MAX_BYTES);
        modernPost(farOver).send().assertError(413, -32600, null);
        modernPost(farOver).chunked().send().assertError(413, -32600, null);

        LegacySession s = mcp().initialize(V2025_11_25);
        String bigPing = s.request(Json.createValue(9), "ping", obj("padding", "x".repeat(MAX_BYTES)));
        s.post(bigPing).send().assertError(413, -32600, null);
        s.post(bigPing).chunked().send().assertError(413, -32600, null);
    }

    // ------------------------------------------------------------------ media types

    @Test
    void aWrongContentTypeIs415() {
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/jsonx")) {
            mcp().post(initializeBody()).header("Content-Type", type).send().assertError(415, -32600, null);
            ModernCall discover = mcp().modern("server/discover");
            mcp().post(discover.body().toString()).header("Content-Type", type).header("MCP-Protocol-Version", V2026_07_28)
                    .header("Mcp-Method", "server/discover").send().assertError(415, -32600, null);
        }
        mcp().post(initializeBody()).without("Content-Type").send().assertError(415, -32600, null);
        Reply withCharset = mcp().post(initializeBody()).header("Content-Type", "application/json; charset=utf-8").send();
        assertEquals(V2025_11_25, withCharset.result(Json.createValue(1)).getString("protocolVersion"));
    }

    @Test
    void anAcceptWithoutJsonOrEventStreamIs406() {
        for (String accept : List.of("text/html", "image/png, text/plain", "application/json;q=0, text/event-stream;q=0")) {
            mcp().post(initializeBody()).header("Accept", accept).send().assertError(406, -32600, null);
            mcp().modern("server/discover").accept(accept).send().assertError(406, -32600, null);
        }
        for (String accept : List.of("application/json", "*/*", "application/*")) {
            ModernCall discover = mcp().modern("server/discover").accept(accept);
            Reply reply = discover.send();
            assertTrue(reply.isJson(), accept);
            assertTrue(reply.result(discover.id()).containsKey("capabilities"), accept);
        }
    }

    @Test
    void aClientThatAcceptsOnlyEventStreamsGetsItsAnswerAsAnEventStream() {
        Reply init = mcp().post(initializeBody()).header("Accept", "text/event-stream").send();
        assertTrue(init.isSse(), "initialize answered as " + init.contentType());
        assertEquals(V2025_11_25, init.result(Json.createValue(1)).getString("protocolVersion"));
        String sessionId = init.header("Mcp-Session-Id").orElseThrow();

        JsonValue id = Json.createValue(2);
        Reply ping = mcp().post(obj("jsonrpc", "2.0", "id", id, "method", "ping").toString()).header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", V2025_11_25).send();
        assertTrue(ping.isSse(), "ping answered as " + ping.contentType());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, ping.result(id));

        ModernCall discover = mcp().modern("server/discover").accept("text/event-stream");
        Reply modern = discover.send();
        assertTrue(modern.isSse(), "discover answered as " + modern.contentType());
        assertTrue(modern.result(discover.id()).containsKey("capabilities"));

        // errors keep their status and stay plain JSON
        ModernCall unknown = mcp().modern("unknown/method").accept("text/event-stream");
        unknown.send().assertError(404, -32601, unknown.id());
    }

    // ------------------------------------------------------------------ malformed and invalid JSON-RPC

    @Test
    void malformedJsonIs400ParseErrorInBothEras() {
        LegacySession s = mcp().initialize(V2025_11_25);
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        String tooDeep = "[".repeat(1000) + "]".repeat(1000);
        for (String body : List.of("{\"jsonrpc\":", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"", "not json", "{'a':1}", "",
                ping + " trailing", ping + ping, ping + "]", tooDeep)) {
            mcp().post(body).send().assertError(400, -32700, null);
            s.post(body).send().assertError(400, -32700, null);
            modernPost(body).send().assertError(400, -32700, null);
        }
    }

    @Test
    void jsonThatIsNoJsonRpcMessageIs400InvalidRequestInBothEras() {
        LegacySession s = mcp().initialize(V2025_11_25);
        for (String body : List.of("42", "\"ping\"", "true", "null")) {
            mcp().post(body).send().assertError(400, -32600, null);
            s.post(body).send().assertError(400, -32600, null);
            modernPost(body).send().assertError(400, -32600, null);
        }
    }

    @Test
    void invalidJsonRpcEnvelopesAre400InvalidRequestInBothEras() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonObject meta = mcp().modern("tools/list").body().getJsonObject("params");
        record Case(JsonObject body, JsonValue echoedId) { }
        List<Case> cases = List.of(
                new Case(obj("id", 7, "method", "tools/list", "params", meta), Json.createValue(7)),
                new Case(obj("jsonrpc", "1.0", "id", "x", "method", "tools/list", "params", meta), Json.createValue("x")),
                new Case(obj("jsonrpc", 2.0, "id", 8, "method", "tools/list", "params", meta), Json.createValue(8)),
                new Case(obj("jsonrpc", "2.0", "id", JsonValue.NULL, "method", "tools/list", "params", meta), null),
                new Case(obj("jsonrpc", "2.0", "id", 1.5, "method", "tools/list", "params", meta), null),
                new Case(obj("jsonrpc", "2.0", "id", obj("a", 1), "method", "tools/list", "params", meta), null),
                new Case(obj("jsonrpc", "2.0", "id", 9, "method", 12, "params", meta), Json.createValue(9)),
                new Case(obj("jsonrpc", "2.0", "id", 10), Json.createValue(10)));
        for (Case c : cases) {
            String body = c.body().toString();
            s.post(body).send().assertError(400, -32600, c.echoedId());
            mcp().post(body).header("MCP-Protocol-Version", V2026_07_28).header("Mcp-Method", "tools/list").send()
                    .assertError(400, -32600, c.echoedId());
        }
    }

    // ------------------------------------------------------------------ tool errors

    @Test
    void invalidToolArgumentsAreAToolResultWithIsErrorInBothEras() {
        LegacySession s = mcp().initialize(V2025_11_25);
        Map<JsonObject, String> invalid = Map.of(
                obj("name", "get_channels", "arguments", obj("unexpected", "Tokyo")), "location",
                obj("name", "get_channels", "arguments", obj("location", 42)), "location",
                obj("name", "get_channels", "arguments", obj("location", JsonValue.NULL)), "location",
                obj("name", "get_channels", "arguments", obj("location", obj("city", "Tokyo"))), "location",
                obj("name", "record_program", "arguments", obj("channel", "ETV", "start", "Christmas eve, nine-ish")), "start");
        invalid.forEach((call, offending) -> {
            String tool = call.getString("name");
            JsonObject arguments = call.getJsonObject("arguments");
            JsonObject legacy = s.call("tools/call", obj("name", tool, "arguments", arguments));
            assertEquals(JsonValue.TRUE, legacy.get("isError"), legacy.toString());
            assertTrue(legacy.getJsonArray("content").getJsonObject(0).getString("text").contains(offending), legacy.toString());

            ModernCall modern = mcp().modern("tools/call").param("name", tool).param("arguments", arguments);
            JsonObject result = modern.send().result(modern.id());
            assertEquals(JsonValue.TRUE, result.get("isError"), result.toString());
            assertTrue(result.getJsonArray("content").getJsonObject(0).getString("text").contains(offending), result.toString());
            assertEquals("complete", result.getString("resultType"));
        });
        JsonObject ok = s.call("tools/call", obj("name", "get_channels", "arguments", obj("location", "Tokyo")));
        assertEquals(List.of("NHK G", "ETV"), ok.getJsonArray("content").getValuesAs(JsonObject.class).stream().map(c -> c.getString("text")).toList());
    }

    @Test
    void anUnknownToolIsInvalidParamsInBothEras() {
        LegacySession s = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(77);
        s.post(s.request(id, "tools/call", obj("name", "does_not_exist", "arguments", obj()))).send().assertError(200, -32602, id);
        ModernCall modern = mcp().modern("tools/call").param("name", "does_not_exist").param("arguments", obj());
        modern.send().assertError(200, -32602, modern.id());
    }

    // ------------------------------------------------------------------ HTTP methods

    @Test
    void putAndPatchAre405() {
        for (String method : List.of("PUT", "PATCH")) {
            Reply reply = mcp().method(method, initializeBody()).header("Content-Type", "application/json")
                    .header("Accept", McpHttpClient.ACCEPT_BOTH).send();
            reply.assertError(405, -32600, null);
            assertTrue(reply.header("Allow").orElse("").contains("POST"), method + " Allow: " + reply.header("Allow"));
        }
    }

    // ------------------------------------------------------------------ session timeout

    @Test
    void anIdleSessionExpiresAfterTheConfiguredTimeout() throws InterruptedException {
        LegacySession idle = mcp().initialize(V2025_11_25);
        LegacySession busy = mcp().initialize(V2025_11_25);
        for (int i = 0; i < 4; i++) {
            Thread.sleep(1200);
            assertEquals(JsonValue.EMPTY_JSON_OBJECT, busy.call("ping", null), "activity keeps a session alive");
        }
        JsonValue id = Json.createValue(66);
        idle.post(idle.request(id, "ping", null)).send().assertError(404, -32001, id);
        idle.get().send().assertError(404, -32001, null);
    }

    // ------------------------------------------------------------------ keep-alive

    @Test
    void openStreamsCarryKeepAliveComments() {
        LegacySession s = mcp().initialize(V2025_11_25);
        try (Streamed get = s.get().open()) {
            SseStream events = get.events();
            assertTrue(events.nextEvent(WAIT).isEmptyData(), "priming event");
            assertTrue(events.next(Duration.ofSeconds(3)).isComment(), "a keep-alive comment within a few keep-alive periods");
        }
        ModernCall listen = mcp().modern("subscriptions/listen").param("notifications", obj("toolsListChanged", true));
        try (Streamed stream = listen.open()) {
            SseStream events = stream.events();
            assertEquals("notifications/subscriptions/acknowledged", events.nextMessage(WAIT).getString("method"));
            assertTrue(events.next(Duration.ofSeconds(3)).isComment(), "a keep-alive comment on the listen stream");
        }
    }
}
