package dev.jakartamcp.it;

import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.ModernCall;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.transport.CallerResolver;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static dev.jakartamcp.it.McpHttpClient.V2025_03_26;
import static dev.jakartamcp.it.McpHttpClient.V2025_11_25;
import static dev.jakartamcp.it.McpHttpClient.V2026_07_28;
import static dev.jakartamcp.it.McpHttpClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transport's hardening against callers that hold a valid token (or none, with authorization off, as here): strict
 * JSON bodies (duplicate keys, nesting, invalid UTF-8, lone surrogates), repeated MCP headers, malformed or repeated
 * Host and Origin headers, JSON-RPC answers for unexpected failures on every HTTP method, and the batch size limit.
 * Requests that {@link java.net.http.HttpClient} cannot express (repeated headers, a forged Host, bytes that are not
 * UTF-8) go over a raw socket. After every refusal the server must still answer normally.
 *
 * <p>The listener is bound to loopback, so every request arrives on a loopback address here; the Host rule for other
 * local addresses (LAN, Docker) is covered by {@code HttpChecksTest}.
 */
@ExtendWith(ArquillianExtension.class)
@org.junit.jupiter.api.Tag("all-servers")
class TransportHardeningIT extends EndpointIT {
    private static final String RESOURCE_HOST = "mcp.hardening.test";
    private static final String ALLOWED_ORIGIN = "https://allowed.example";
    private static final String FAIL_HEADER = "X-Hardening-Fail";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpDeployments.product(Map.of(
                        "mcp.resource", "http://" + RESOURCE_HOST + "/mcp",
                        "mcp.allowed-origins", ALLOWED_ORIGIN))
                .addClass(FailingCallerResolver.class);
    }


    @AfterEach
    void serverStillWorksInBothEras() {
        stillWorks();
    }

    /** A new 2025 session answers ping, and a 2026-07-28 discover is answered: the last refusal broke nothing. */
    private void stillWorks() {
        LegacySession s = mcp().initialize(V2025_11_25);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, s.call("ping", null));
        ModernCall discover = mcp().modern("server/discover");
        assertTrue(discover.send().result(discover.id()).containsKey("supportedVersions"));
    }

    // ================================================================== 1. strict JSON bodies

    @Test
    void duplicateKeysAreRefusedInBothEras() {
        LegacySession s = mcp().initialize(V2025_11_25);
        String twoTools = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_channels\","
                + "\"arguments\":{\"location\":\"Tokyo\"},\"name\":\"record_program\"}}";
        assertError(s.post(twoTools).send(), 400, -32700, "Parse error: duplicate key \"name\" at /params/name");

        String twoIds = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"id\":2}";
        assertError(s.post(twoIds).send(), 400, -32700, "Parse error: duplicate key \"id\" at /id");

        String deepDuplicate = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"get_channels\","
                + "\"arguments\":{\"location\":\"Tokyo\",\"x\":[{\"k\":1,\"k\":2}]}}}";
        assertError(s.post(deepDuplicate).send(), 400, -32700, "Parse error: duplicate key \"k\" at /params/arguments/x/0/k");

        // 2026-07-28: the body's name is the one the Mcp-Name header was checked against; a second one must not win
        ModernCall call = mcp().modern("tools/call").param("name", "get_channels").param("arguments", obj("location", "Tokyo"));
        String body = call.body().toString();
        String smuggled = body.substring(0, body.length() - 2) + ",\"name\":\"record_program\"}}";
        McpHttpClient.Reply modern = mcp().post(smuggled).header("MCP-Protocol-Version", V2026_07_28)
                .header("Mcp-Method", "tools/call").header("Mcp-Name", "get_channels").send();
        assertError(modern, 400, -32700, "Parse error: duplicate key \"name\" at /params/name");
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, s.call("ping", null), "the session is unharmed");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        LegacySession s = mcp().initialize(V2025_11_25);
        // params is depth 2, so 62 more arrays reach exactly 64: fine; one more is refused
        String atLimit = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"deep\":" + "[".repeat(62) + "]".repeat(62) + "}}";
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, s.post(atLimit).send().result(Json.createValue(1)));
        String over = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"deep\":" + "[".repeat(63) + "]".repeat(63) + "}}";
        assertError(s.post(over).send(), 400, -32700, "Parse error: the JSON value is nested deeper than 64 levels (mcp.json.max-depth)");
        String modern = mcp().modern("server/discover").param("deep", Json.createArrayBuilder().build()).body().toString()
                .replace("\"deep\":[]", "\"deep\":" + "[".repeat(70) + "]".repeat(70));
        assertError(mcp().post(modern).header("MCP-Protocol-Version", V2026_07_28).header("Mcp-Method", "server/discover").send(),
                400, -32700, "Parse error: the JSON value is nested deeper than 64 levels (mcp.json.max-depth)");
    }

    @Test
    void moreValuesThanTheLimitAreRefused() {
        LegacySession s = mcp().initialize(V2025_11_25);
        // the message with its 3 members, params, the name, arguments, the location and the array: 9 values, so that
        // 99,991 numbers reach exactly 100,000
        String head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_channels\",\"arguments\":{\"location\":\"Tokyo\",\"n\":[";
        String atLimit = head + "1,".repeat(99_990) + "1]}}}";
        JsonObject ok = s.post(atLimit).send().result(Json.createValue(1));
        assertTrue(ok.containsKey("content"), ok.toString());
        String over = head + "1,".repeat(99_991) + "1]}}}";
        assertError(s.post(over).send(), 400, -32700, "Parse error: the JSON value holds more than 100000 values (mcp.json.max-values)");
        // two million numbers within the 4 MiB body limit: refused after reading the first 100,001
        String huge = head + "1,".repeat(2_000_000) + "1]}}}";
        assertError(s.post(huge).send(), 400, -32700, "Parse error: the JSON value holds more than 100000 values (mcp.json.max-values)");
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, s.call("ping", null), "the session is unharmed");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNotReplaced() {
        LegacySession s = mcp().initialize(V2025_11_25);
        String before = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_channels\",\"arguments\":{\"location\":\"Tok";
        String after = "yo\"}}}";
        int offset = before.length();
        for (int[] bad : List.of(new int[] {0xC0, 0xAF}, new int[] {0xE0, 0x80, 0xAF}, new int[] {0xED, 0xA0, 0x80},
                new int[] {0xED, 0xBF, 0xBF}, new int[] {0xF4, 0x90, 0x80, 0x80}, new int[] {0xFF}, new int[] {0x80}, new int[] {0xE9})) {
            byte[] body = concat(before.getBytes(StandardCharsets.UTF_8), bad, after.getBytes(StandardCharsets.UTF_8));
            Raw reply = raw("POST", body, "Host", mcp().authority(), "Content-Type", "application/json", "Accept", McpHttpClient.ACCEPT_BOTH,
                    "Mcp-Session-Id", s.id(), "MCP-Protocol-Version", V2025_11_25);
            JsonObject error = reply.assertError(400, -32700);
            String message = error.getString("message");
            assertTrue(message.startsWith("Parse error: the body is not valid UTF-8 (malformed sequence "), message);
            assertTrue(message.endsWith("at byte offset " + offset + ")"), message);
        }
        // an escaped lone surrogate is no character either
        String escaped = before + "\\ud800" + after;
        assertError(s.post(escaped).send(), 400, -32700, "Parse error: unpaired surrogate \\ud800 in a string at /params/arguments/location");
        // well-formed UTF-8 passes untouched
        JsonObject ok = s.call("tools/call", obj("name", "get_channels", "arguments", obj("location", "東京")));
        assertTrue(ok.containsKey("content"), ok.toString());
    }

    @Test
    void trailingContentAndEmptyBodiesAreParseErrorsWithPreciseMessages() {
        LegacySession s = mcp().initialize(V2025_11_25);
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        for (String body : List.of(ping + ping, ping + " x", ping + "]", "[] []")) {
            JsonObject error = s.post(body).send().assertError(400, -32700, null);
            assertTrue(error.getString("message").startsWith("Parse error: content after the JSON value (line 1, column "), error.toString());
        }
        assertError(s.post("").send(), 400, -32700, "Parse error: empty body");
        assertError(s.post(" \r\n ").send(), 400, -32700, "Parse error: empty body");
    }

    @Test
    void aChunkedBodyThatBreaksOffOrHasABrokenChunkSizeIsABadRequestNotAnInternalError() {
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        String chunk = Integer.toHexString(ping.length()) + "\r\n" + ping + "\r\n";
        for (String body : List.of(chunk, "ffffffffffffffff\r\n" + ping + "\r\n0\r\n\r\n", "12x\r\n" + ping + "\r\n0\r\n\r\n")) {
            Raw reply = raw("POST", body.getBytes(StandardCharsets.ISO_8859_1), false, "Host", mcp().authority(),
                    "Content-Type", "application/json", "Accept", McpHttpClient.ACCEPT_BOTH, "MCP-Protocol-Version", V2026_07_28,
                    "Mcp-Method", "ping", "Transfer-Encoding", "chunked");
            System.out.println("broken chunked body " + body.replace("\r\n", "\\r\\n") + " -> " + reply.status() + " " + reply.body());
            // the connector may close the connection or answer a bare 400 itself (Payara's Grizzly does), before the
            // application reads; where the application reads the failure, it answers this 400
            assertTrue(reply.status() == 0 || reply.status() == 400, "no answer or 400, never a 5xx: " + reply.status() + " " + reply.body());
            if (!reply.body().isEmpty()) {
                reply.assertError(400, -32600, "Bad Request: the body could not be read");
            }
        }
    }

    // ================================================================== 2. repeated MCP headers

    @Test
    void repeatedMcpHeadersAre400BeforeAnythingUsesThem() {
        LegacySession mine = mcp().initialize(V2025_11_25);
        LegacySession other = mcp().initialize(V2025_11_25);
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}";
        byte[] pingBytes = ping.getBytes(StandardCharsets.UTF_8);
        String host = mcp().authority();

        Raw twoSessions = raw("POST", pingBytes, "Host", host, "Content-Type", "application/json", "Accept", McpHttpClient.ACCEPT_BOTH,
                "Mcp-Session-Id", mine.id(), "Mcp-Session-Id", other.id(), "MCP-Protocol-Version", V2025_11_25);
        twoSessions.assertError(400, -32600, "Bad Request: more than one Mcp-Session-Id header");

        Raw twoVersions = raw("POST", pingBytes, "Host", host, "Content-Type", "application/json", "Accept", McpHttpClient.ACCEPT_BOTH,
                "Mcp-Session-Id", mine.id(), "MCP-Protocol-Version", V2025_11_25, "mcp-protocol-version", V2026_07_28);
        // a header 2026-07-28 validates: HeaderMismatch, so that a dual-era client does not fall back to initialize
        twoVersions.assertError(400, -32020, "Header mismatch: more than one MCP-Protocol-Version header");

        Raw twoTypes = raw("POST", pingBytes, "Host", host, "Content-Type", "application/json", "Content-Type", "text/plain",
                "Accept", McpHttpClient.ACCEPT_BOTH, "Mcp-Session-Id", mine.id(), "MCP-Protocol-Version", V2025_11_25);
        twoTypes.assertError(400, -32600, "Bad Request: more than one Content-Type header");

        ModernCall call = mcp().modern("tools/call").param("name", "get_channels").param("arguments", obj("location", "Tokyo"));
        byte[] callBytes = call.body().toString().getBytes(StandardCharsets.UTF_8);
        Raw twoMethods = raw("POST", callBytes, "Host", host, "Content-Type", "application/json", "Accept", McpHttpClient.ACCEPT_BOTH,
                "MCP-Protocol-Version", V2026_07_28, "Mcp-Method", "tools/call", "Mcp-Method", "tools/list", "Mcp-Name", "get_channels");
        twoMethods.assertError(400, -32020, "Header mismatch: more than one Mcp-Method header");
        Raw twoNames = raw("POST", callBytes, "Host", host, "Content-Type", "application/json", "Accept", McpHttpClient.ACCEPT_BOTH,
                "MCP-Protocol-Version", V2026_07_28, "Mcp-Method", "tools/call", "Mcp-Name", "get_channels", "Mcp-Name", "record_program");
        twoNames.assertError(400, -32020, "Header mismatch: more than one Mcp-Name header");
        Raw twoParams = raw("POST", callBytes, "Host", host, "Content-Type", "application/json", "Accept", McpHttpClient.ACCEPT_BOTH,
                "MCP-Protocol-Version", V2026_07_28, "Mcp-Method", "tools/call", "Mcp-Name", "get_channels",
                "Mcp-Param-Location", "Tokyo", "mcp-param-location", "Osaka");
        assertTrue(twoParams.assertError(400, -32020).getString("message").equalsIgnoreCase("Header mismatch: more than one Mcp-Param-Location header"),
                twoParams.body);
        // a modern request ignores session ids and Last-Event-IDs (an intermediary's), repeated or not
        Raw ignored = raw("POST", callBytes, "Host", host, "Content-Type", "application/json", "Accept", McpHttpClient.ACCEPT_BOTH,
                "MCP-Protocol-Version", V2026_07_28, "Mcp-Method", "tools/call", "Mcp-Name", "get_channels",
                "Mcp-Session-Id", mine.id(), "Mcp-Session-Id", other.id(), "Last-Event-ID", "a_1", "Last-Event-ID", "b_2");
        assertEquals(200, ignored.status(), ignored.body());
        assertTrue(ignored.isJson(), ignored.body());
        JsonObject answered = Json.createReader(new StringReader(ignored.body())).readObject().getJsonObject("result");
        assertNotNull(answered, ignored.body());
        assertFalse(answered.getBoolean("isError", false), ignored.body());
        assertTrue(answered.getJsonArray("content").getJsonObject(0).getString("text").contains("NHK G"), ignored.body());

        Raw twoEventIds = raw("GET", null, "Host", host, "Accept", "text/event-stream", "Mcp-Session-Id", mine.id(),
                "MCP-Protocol-Version", V2025_11_25, "Last-Event-ID", "a_1", "Last-Event-ID", "b_2");
        twoEventIds.assertError(400, -32600, "Bad Request: more than one Last-Event-ID header");
        Raw twoSessionsDelete = raw("DELETE", null, "Host", host, "Mcp-Session-Id", mine.id(), "Mcp-Session-Id", other.id(),
                "MCP-Protocol-Version", V2025_11_25);
        twoSessionsDelete.assertError(400, -32600, "Bad Request: more than one Mcp-Session-Id header");

        assertEquals(JsonValue.EMPTY_JSON_OBJECT, mine.call("ping", null), "no refused request touched the sessions");
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, other.call("ping", null));
    }

    /**
     * One header line is one value, commas included: a comma is legitimate inside Mcp-Name (a resource URI), and a
     * value an intermediary joined from two lines is compared with the body as it is, and does not match.
     */
    @Test
    void aCommaInsideOneMcpNameLineIsOneValue() {
        ModernCall joined = mcp().modern("tools/call").param("name", "get_channels").param("arguments", obj("location", "Tokyo"))
                .header("Mcp-Name", "get_channels, record_program");
        JsonObject error = joined.send().assertError(400, -32020, joined.id());
        assertTrue(error.getString("message").contains("does not match body value 'get_channels'"), error.toString());

        ModernCall commaUri = mcp().modern("resources/read").param("uri", "file:///tmp/a,b.txt");
        McpHttpClient.Reply reply = commaUri.send();
        JsonObject message = reply.message();
        JsonObject e = message.getJsonObject("error");
        assertTrue(e != null && e.getInt("code") != -32020 && e.getInt("code") != -32600,
                "the URI with a comma matched its Mcp-Name header; only the resource is unknown: " + message);
    }

    // ================================================================== 3. Host and Origin

    @Test
    void malformedAndRepeatedHostHeadersAre403() {
        String port = String.valueOf(mcp().endpoint().getPort());
        byte[] discover = mcp().modern("server/discover").id(Json.createValue(3)).body().toString().getBytes(StandardCharsets.UTF_8);
        for (String host : List.of("localhost:abc", "localhost:99999", "[::1]evil.example.com", "user@localhost:" + port,
                "localhost:", "[zz::1]:" + port)) {
            Raw reply = raw("POST", discover, "Host", host, "Content-Type", "application/json", "Accept", McpHttpClient.ACCEPT_BOTH,
                    "MCP-Protocol-Version", V2026_07_28, "Mcp-Method", "server/discover");
            assertEquals(403, reply.status, "Host " + host + ": " + reply.headers + " " + reply.body);
            reply.assertError(403, -32600, "Forbidden: Host '" + host + "' is malformed");
        }
        // Grizzly itself routes "host:port@other" to no application (200, empty): the endpoint never sees it
        Raw atSign = raw("POST", discover, "Host", "localhost:" + port + "@evil.example.com", "Content-Type", "application/json",
                "Accept", McpHttpClient.ACCEPT_BOTH, "MCP-Protocol-Version", V2026_07_28, "Mcp-Method", "server/discover");
        if (atSign.isJson()) {
            atSign.assertError(403, -32600, "Forbidden: Host 'localhost:" + port + "@evil.example.com' is malformed");
        } else {
            assertEquals("", atSign.body, "no MCP answer");
        }
        Raw twoHosts = raw("POST", discover, "Host", "localhost:" + port, "Host", "evil.example.com", "Content-Type", "application/json",
                "Accept", McpHttpClient.ACCEPT_BOTH, "MCP-Protocol-Version", V2026_07_28, "Mcp-Method", "server/discover");
        // Grizzly passes both lines on; the endpoint refuses them (HTTP/1.1 allows exactly one Host)
        twoHosts.assertError(403, -32600, "Forbidden: more than one Host header");
        // the host of mcp.resource passes (any port), a rebound name does not
        for (String host : List.of(RESOURCE_HOST, RESOURCE_HOST.toUpperCase(Locale.ROOT) + ":" + port)) {
            Raw ok = raw("POST", discover, "Host", host, "Content-Type", "application/json", "Accept", McpHttpClient.ACCEPT_BOTH,
                    "MCP-Protocol-Version", V2026_07_28, "Mcp-Method", "server/discover");
            assertEquals(200, ok.status, host + ": " + ok.body);
        }
        raw("POST", discover, "Host", RESOURCE_HOST + ".evil.example.com", "Content-Type", "application/json", "Accept",
                McpHttpClient.ACCEPT_BOTH, "MCP-Protocol-Version", V2026_07_28, "Mcp-Method", "server/discover")
                .assertError(403, -32600, "Forbidden: Host '" + RESOURCE_HOST + ".evil.example.com' is not allowed");
    }

    @Test
    void malformedNullAndRepeatedOriginsAre403() {
        String own = "http://" + mcp().authority();
        for (String origin : List.of(own + "/", own + "/mcp", "http://user@" + mcp().authority(), "null", own + "?x", "//" + mcp().authority())) {
            mcp().modern("server/discover").header("Origin", origin).send()
                    .assertError(403, -32600, null);
            LegacySession s = mcp().initialize(V2025_11_25);
            s.get().header("Origin", origin).send().assertError(403, -32600, null);
            s.delete().header("Origin", origin).send().assertError(403, -32600, null);
            assertEquals(JsonValue.EMPTY_JSON_OBJECT, s.call("ping", null), "the refused DELETE left the session alone");
        }
        byte[] discover = mcp().modern("server/discover").id(Json.createValue(4)).body().toString().getBytes(StandardCharsets.UTF_8);
        Raw twoOrigins = raw("POST", discover, "Host", mcp().authority(), "Origin", own, "Origin", "http://evil.example.com",
                "Content-Type", "application/json", "Accept", McpHttpClient.ACCEPT_BOTH, "MCP-Protocol-Version", V2026_07_28,
                "Mcp-Method", "server/discover");
        twoOrigins.assertError(403, -32600, "Forbidden: more than one Origin header");
        Raw preflight = raw("OPTIONS", null, "Host", mcp().authority(), "Origin", own, "Origin", "http://evil.example.com",
                "Access-Control-Request-Method", "POST");
        assertEquals(403, preflight.status, preflight.body);
        assertFalse(preflight.headers.containsKey("Access-Control-Allow-Origin"), preflight.headers.toString());
    }

    @Test
    void theResourceOriginTheListedOneAndTheServersOwnArePassed() {
        for (String origin : List.of("http://" + RESOURCE_HOST, ALLOWED_ORIGIN, "http://" + mcp().authority(),
                "http://localhost:" + mcp().endpoint().getPort())) {
            String host = origin.startsWith("http://localhost") ? "localhost:" + mcp().endpoint().getPort() : mcp().authority();
            byte[] discover = mcp().modern("server/discover").id(Json.createValue(5)).body().toString().getBytes(StandardCharsets.UTF_8);
            Raw ok = raw("POST", discover, "Host", host, "Origin", origin, "Content-Type", "application/json", "Accept",
                    McpHttpClient.ACCEPT_BOTH, "MCP-Protocol-Version", V2026_07_28, "Mcp-Method", "server/discover");
            assertEquals(200, ok.status, origin + ": " + ok.body);
            assertEquals(origin, ok.header("Access-Control-Allow-Origin"), "CORS agrees with the endpoint: " + ok.headers);
        }
        // a rebound page: its Origin names the same host as its Host header, and both are refused
        byte[] discover = mcp().modern("server/discover").id(Json.createValue(6)).body().toString().getBytes(StandardCharsets.UTF_8);
        raw("POST", discover, "Host", "rebound.example.com:" + mcp().endpoint().getPort(), "Origin",
                "http://rebound.example.com:" + mcp().endpoint().getPort(), "Content-Type", "application/json", "Accept",
                McpHttpClient.ACCEPT_BOTH, "MCP-Protocol-Version", V2026_07_28, "Mcp-Method", "server/discover")
                .assertError(403, -32600, "Forbidden: Host 'rebound.example.com:" + mcp().endpoint().getPort() + "' is not allowed");
    }

    // ================================================================== 4. no container error page

    @Test
    void unexpectedFailuresAreJsonRpcInternalErrorsOnEveryMethod() {
        LegacySession s = mcp().initialize(V2025_11_25);
        String host = mcp().authority();
        byte[] ping = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        List<Raw> failures = List.of(
                raw("POST", ping, "Host", host, "Content-Type", "application/json", "Accept", McpHttpClient.ACCEPT_BOTH,
                        "Mcp-Session-Id", s.id(), "MCP-Protocol-Version", V2025_11_25, FAIL_HEADER, "now"),
                raw("GET", null, "Host", host, "Accept", "text/event-stream", "Mcp-Session-Id", s.id(),
                        "MCP-Protocol-Version", V2025_11_25, FAIL_HEADER, "now"),
                raw("DELETE", null, "Host", host, "Mcp-Session-Id", s.id(), "MCP-Protocol-Version", V2025_11_25, FAIL_HEADER, "now"));
        for (Raw failure : failures) {
            failure.assertError(500, -32603, "Internal error");
            assertFalse(failure.body.contains("secret"), failure.body);
        }
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, s.call("ping", null), "the failed DELETE left the session alone");

        for (String method : List.of("PUT", "PATCH", "PROPFIND")) {
            Raw reply = raw(method, ping, "Host", host, "Content-Type", "application/json");
            reply.assertError(405, -32600, "Method Not Allowed");
            assertEquals("GET, POST, DELETE, OPTIONS", reply.header("Allow"));
        }
        Raw options = raw("OPTIONS", null, "Host", host);
        assertEquals(200, options.status, options.body);
        assertEquals("GET, POST, DELETE, OPTIONS", options.header("Allow"));
    }

    // ================================================================== 5. batch size

    private static JsonArray pings(int count) {
        JsonArrayBuilder b = Json.createArrayBuilder();
        for (int i = 0; i < count; i++) {
            b.add(obj("jsonrpc", "2.0", "id", i, "method", "ping"));
        }
        return b.build();
    }

    @Test
    void aBatchOverTheLimitIsRefusedWhole() {
        LegacySession s = mcp().initialize(V2025_03_26);
        JsonArray atLimit = (JsonArray) s.post(pings(64).toString()).send().json();
        assertEquals(64, atLimit.size());
        atLimit.forEach(a -> assertEquals(JsonValue.EMPTY_JSON_OBJECT, a.asJsonObject().getJsonObject("result")));
        for (int size : List.of(65, 5000)) {
            assertError(s.post(pings(size).toString()).send(), 400, -32600,
                    "Invalid Request: the batch holds " + size + " messages, more than the limit of 64 (mcp.batch.max-size)");
        }
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, s.call("ping", null));
    }

    @Test
    void nestedArraysInABatchAreInvalidElements() {
        LegacySession s = mcp().initialize(V2025_03_26);
        String batch = "[[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}],{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"},[],42]";
        McpHttpClient.Reply reply = s.post(batch).send();
        assertEquals(200, reply.status(), reply.body());
        JsonArray answers = (JsonArray) reply.json();
        assertEquals(4, answers.size(), answers.toString());
        assertEquals("Invalid Request: a batch must not contain a nested array", answers.getJsonObject(0).getJsonObject("error").getString("message"));
        assertEquals(-32600, answers.getJsonObject(0).getJsonObject("error").getInt("code"));
        assertEquals(JsonValue.NULL, answers.getJsonObject(0).getOrDefault("id", JsonValue.NULL));
        assertEquals(Json.createValue(2), answers.getJsonObject(1).get("id"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, answers.getJsonObject(1).getJsonObject("result"));
        assertEquals(-32600, answers.getJsonObject(2).getJsonObject("error").getInt("code"));
        assertEquals(-32600, answers.getJsonObject(3).getJsonObject("error").getInt("code"));
    }

    // ================================================================== helpers

    private static void assertError(McpHttpClient.Reply reply, int status, int code, String message) {
        JsonObject error = reply.assertError(status, code, null);
        assertEquals(message, error.getString("message"), reply.body());
    }

    private static byte[] concat(byte[] a, int[] middle, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        for (int x : middle) {
            out.write(x);
        }
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** A raw HTTP answer. */
    private record Raw(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(", ", values);
        }

        boolean isJson() {
            String type = header("Content-Type");
            return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
        }

        /** A JSON-RPC error answer without id, with this status and code; returns the error object. */
        JsonObject assertError(int expectedStatus, int code) {
            assertEquals(expectedStatus, status, "HTTP status; headers " + headers + ", body: " + body);
            assertTrue(isJson(), "expected application/json, got " + header("Content-Type") + ": " + body);
            JsonObject message = Json.createReader(new StringReader(body)).readObject();
            assertEquals("2.0", message.getString("jsonrpc"), body);
            assertFalse(message.containsKey("result"), body);
            JsonValue id = message.get("id");
            assertTrue(id == null || id == JsonValue.NULL, body);
            JsonObject error = message.getJsonObject("error");
            assertEquals(code, error.getInt("code"), body);
            return error;
        }

        JsonObject assertError(int expectedStatus, int code, String expectedMessage) {
            JsonObject error = assertError(expectedStatus, code);
            assertEquals(expectedMessage, error.getString("message"), body);
            return error;
        }
    }

    /**
     * One HTTP/1.1 request over a plain socket, header lines exactly as given (names may repeat, Host included), with
     * Content-Length and Connection: close added. Unlike {@link McpHttpClient#raw} it lets a 500 through, to be
     * asserted, but never a stack trace.
     */
    private Raw raw(String method, byte[] body, String... headerPairs) {
        return raw(method, body, true, headerPairs);
    }

    /**
     * Like {@link #raw(String, byte[], String...)}; without {@code declareLength} the body goes as it is (e.g. chunked,
     * framed by the caller's own headers) and the socket's output is shut after it, so that a body that breaks off ends.
     */
    private Raw raw(String method, byte[] body, boolean declareLength, String... headerPairs) {
        byte[] bytes = body == null ? new byte[0] : body;
        StringBuilder head = new StringBuilder(method).append(' ').append(mcp().endpoint().getRawPath()).append(" HTTP/1.1\r\n");
        for (int i = 0; i < headerPairs.length; i += 2) {
            head.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
        }
        if (body != null && declareLength) {
            head.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket(InetAddress.getByName(mcp().endpoint().getHost()), mcp().endpoint().getPort())) {
            socket.setSoTimeout((int) McpHttpClient.TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            if (!declareLength) {
                socket.shutdownOutput();
            }
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new AssertionError("raw " + method + " failed: " + e, e);
        }
    }

    /** The answer; status 0 without a body when the server closed the connection without one. */
    private static Raw parse(byte[] all) {
        if (all.length == 0) {
            return new Raw(0, Map.of(), "");
        }
        int split = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        assertTrue(split > 0, "no HTTP response head: " + new String(all, StandardCharsets.ISO_8859_1));
        String[] lines = new String(all, 0, split, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        byte[] body = Arrays.copyOfRange(all, split + 4, all.length);
        if (headers.getOrDefault("Transfer-Encoding", List.of()).stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
            body = dechunk(body);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        McpHttpClient.assertNoLeak(text);
        assertNotEquals(true, text.toLowerCase(Locale.ROOT).contains("<html"), "a container error page: " + text);
        return new Raw(status, headers, text);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < body.length) {
            int eol = indexOf(body, "\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
            int size = Integer.parseInt(new String(body, pos, eol - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            pos = eol + 2;
            if (size == 0) {
                break;
            }
            out.write(body, pos, size);
            pos += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

/**
 * Test fixture: the product's caller resolver, except that a request carrying {@code X-Hardening-Fail} fails with an
 * unexpected exception, as a bug anywhere behind the transport would. It runs after the async context was started, on
 * POST, GET and DELETE alike.
 */
@Alternative
@Priority(1000)
@ApplicationScoped
class FailingCallerResolver extends CallerResolver {
    @Override
    public Caller resolve(HttpServletRequest request) {
        if (request.getHeader("X-Hardening-Fail") != null) {
            throw new IllegalStateException("hardening test: an unexpected failure with a secret detail");
        }
        return super.resolve(request);
    }
}
