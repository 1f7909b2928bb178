package dev.jakartamcp.bench;

import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.it.McpHttpClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.jakartamcp.it.McpHttpClient.obj;

/**
 * The two measured calls, exactly as wrk sends them (body text and headers), built from the wire format of
 * {@link McpHttpClient}: a 2026-07-28 stateless {@code tools/call} of {@code get_channels {"location":"Tokyo"}} with
 * {@code _meta} and the {@code MCP-Protocol-Version}/{@code Mcp-Method}/{@code Mcp-Name} headers, and the same call
 * inside a 2025-11-25 session. The JSON-RPC id is always 1 (wrk repeats one request).
 */
final class Calls {
    static final String MODERN = "2026-07-28 stateless";
    static final String SESSION = "2025-11-25 session";
    static final JsonValue ID = Json.createValue(1);
    static final JsonArray EXPECTED_CONTENT = Json.createArrayBuilder()
            .add(obj("type", "text", "text", "NHK G"))
            .add(obj("type", "text", "text", "ETV"))
            .build();

    private static final HttpClient HTTP = Http.client()
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Calls() {
    }

    /** One HTTP request: its body and its headers (besides Host and Content-Length, which wrk and the client add). */
    record Call(String era, String body, Map<String, String> headers) {
    }

    static Call modern(URI endpoint, String token) {
        McpHttpClient client = new McpHttpClient(endpoint);
        String body = client.modern("tools/call").id(ID)
                .param("name", "get_channels")
                .param("arguments", obj("location", "Tokyo"))
                .meta(McpHttpClient.META_CLIENT_INFO, obj("name", "bench", "version", "1.0.0"))
                .body().toString();
        Map<String, String> headers = base(token);
        headers.put("MCP-Protocol-Version", McpHttpClient.V2026_07_28);
        headers.put("Mcp-Method", "tools/call");
        headers.put("Mcp-Name", "get_channels");
        return new Call(MODERN, body, headers);
    }

    static Call session(String token, String sessionId) {
        String body = Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", ID).add("method", "tools/call")
                .add("params", obj("name", "get_channels", "arguments", obj("location", "Tokyo")))
                .build().toString();
        Map<String, String> headers = base(token);
        headers.put("Mcp-Session-Id", sessionId);
        headers.put("MCP-Protocol-Version", McpHttpClient.V2025_11_25);
        return new Call(SESSION, body, headers);
    }

    private static Map<String, String> base(String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", McpHttpClient.ACCEPT_BOTH);
        headers.put("Authorization", "Bearer " + token);
        return headers;
    }

    /** Opens a 2025-11-25 session (initialize + notifications/initialized) and returns its id. */
    static String openSession(URI endpoint, String token) {
        McpHttpClient.LegacySession session = new McpHttpClient(endpoint).authorization("Bearer " + token)
                .initialize(McpHttpClient.V2025_11_25);
        if (!McpHttpClient.V2025_11_25.equals(session.version())) {
            throw new IllegalStateException(endpoint + " negotiated " + session.version() + " instead of 2025-11-25");
        }
        return session.id();
    }

    /** Sends the call once. */
    static McpHttpClient.Reply send(URI endpoint, Call call, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
        call.headers().forEach(b::header);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new McpHttpClient.Reply(r.statusCode(), r.headers(), r.body());
    }

    /**
     * Checks that {@code reply} is the right answer: HTTP 200, a JSON-RPC result for id 1, content exactly the two
     * channel texts, no {@code isError}; and that the body holds the substrings the wrk script looks for.
     * Throws an AssertionError naming what is wrong.
     */
    static JsonObject verify(String who, Call call, McpHttpClient.Reply reply) {
        try {
            McpHttpClient.assertNoLeak(reply.body());
            JsonObject result = reply.result(ID);
            if (!EXPECTED_CONTENT.equals(result.get("content"))) {
                throw new AssertionError("content is " + result.get("content") + ", expected " + EXPECTED_CONTENT);
            }
            if (result.getBoolean("isError", false)) {
                throw new AssertionError("isError is true");
            }
            for (String s : new String[]{"\"result\"", "\"text\":\"NHK G\"", "\"text\":\"ETV\""}) {
                if (!reply.body().contains(s)) {
                    throw new AssertionError("the body lacks " + s + " (the wrk script checks for it)");
                }
            }
            if (reply.body().contains("\"error\"")) {
                throw new AssertionError("the body contains \"error\" (the wrk script counts that as a wrong answer)");
            }
            return result;
        } catch (AssertionError e) {
            throw new AssertionError(who + ", " + call.era() + ": wrong answer (" + e.getMessage() + "): HTTP "
                    + reply.status() + " " + reply.body(), e);
        }
    }

    /** Whether {@code reply} is the right answer (for polling). */
    static boolean isRight(Call call, McpHttpClient.Reply reply) {
        try {
            verify("", call, reply);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }
}
