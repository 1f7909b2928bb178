package dev.jakartamcp.it;

import dev.jakartamcp.e2e.Http;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A minimal MCP client for the authorization ITs: raw Authorization headers, both protocol eras, nothing hidden. */
final class AuthClient {
    static final String MODERN = "2026-07-28";
    static final String LEGACY = "2025-11-25";

    private final String base;
    private final HttpClient http = Http.client()
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicInteger ids = new AtomicInteger();

    /** @param base the origin and context path, e.g. {@code http://127.0.0.1:PORT} or {@code http://127.0.0.1:PORT/tv} */
    AuthClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** @param pathAndQuery within the context, starting with "/" */
    URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    // ---- 2026-07-28: stateless ----

    /** A 2026-07-28 request to /mcp; {@code authorization} is the whole header value or {@code null} for none. */
    Reply modern(String authorization, String method, JsonObject params) {
        JsonObject meta = Json.createObjectBuilder()
                .add("io.modelcontextprotocol/protocolVersion", MODERN)
                .add("io.modelcontextprotocol/clientCapabilities", JsonValue.EMPTY_JSON_OBJECT)
                .add("io.modelcontextprotocol/clientInfo", Json.createObjectBuilder().add("name", "auth-it").add("version", "1"))
                .build();
        JsonObject fullParams = Json.createObjectBuilder(params).add("_meta", meta).build();
        HttpRequest.Builder request = post("/mcp", authorization, request(method, fullParams))
                .header("MCP-Protocol-Version", MODERN)
                .header("Mcp-Method", method);
        if (params.containsKey("name")) {
            request.header("Mcp-Name", params.getString("name"));
        } else if (params.containsKey("uri")) {
            request.header("Mcp-Name", params.getString("uri")); // resources/read
        }
        return send(request);
    }

    Reply modernToolsList(String authorization) {
        return modern(authorization, "tools/list", JsonValue.EMPTY_JSON_OBJECT);
    }

    Reply modernCall(String authorization, String tool, JsonObject arguments) {
        return modern(authorization, "tools/call", Json.createObjectBuilder().add("name", tool).add("arguments", arguments).build());
    }

    // ---- 2025-11-25: sessions ----

    /** Sends initialize; the session id is in the reply's {@code Mcp-Session-Id} header. */
    Reply initialize(String authorization) {
        JsonObject params = Json.createObjectBuilder()
                .add("protocolVersion", LEGACY)
                .add("capabilities", JsonValue.EMPTY_JSON_OBJECT)
                .add("clientInfo", Json.createObjectBuilder().add("name", "auth-it").add("version", "1"))
                .build();
        return send(post("/mcp", authorization, request("initialize", params)));
    }

    /** initialize plus notifications/initialized; returns the session id. */
    String openSession(String authorization) {
        Reply init = initialize(authorization);
        if (init.status() != 200 || init.header("Mcp-Session-Id") == null) {
            throw new AssertionError("initialize failed: " + init);
        }
        String session = init.header("Mcp-Session-Id");
        Reply initialized = send(post("/mcp", authorization,
                Json.createObjectBuilder().add("jsonrpc", "2.0").add("method", "notifications/initialized").build())
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", LEGACY));
        if (initialized.status() != 202) {
            throw new AssertionError("notifications/initialized failed: " + initialized);
        }
        return session;
    }

    Reply legacy(String authorization, String session, String method, JsonObject params) {
        return send(post("/mcp", authorization, request(method, params))
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", LEGACY));
    }

    Reply legacyCall(String authorization, String session, String tool, JsonObject arguments) {
        return legacy(authorization, session, "tools/call", Json.createObjectBuilder().add("name", tool).add("arguments", arguments).build());
    }

    Reply deleteSession(String authorization, String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/mcp")).timeout(Duration.ofSeconds(30)).DELETE()
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", LEGACY);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** GET /mcp for a session's standalone SSE stream; only for answers that end (errors), as the body is read whole. */
    Reply openStream(String authorization, String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/mcp")).timeout(Duration.ofSeconds(30)).GET()
                .header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", LEGACY);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    // ---- plain HTTP ----

    Reply get(String pathAndQuery, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET()
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** A POST to /mcp with whatever headers and body the caller builds. */
    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder post(String pathAndQuery, String authorization, JsonObject body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    JsonObject request(String method, JsonObject params) {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", ids.incrementAndGet())
                .add("method", method).add("params", params).build();
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** An HTTP answer. */
    record Reply(int status, Map<String, List<String>> headers, String body) {

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        /** The body as JSON; for an SSE answer, the data of its last event. */
        JsonObject json() {
            String text = body;
            String type = header("Content-Type");
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                String last = null;
                for (String line : body.split("\r?\n")) {
                    if (line.startsWith("data:")) {
                        last = line.substring(5).trim();
                    }
                }
                text = last;
            }
            if (text == null || text.isBlank()) {
                throw new AssertionError("no JSON body: " + this);
            }
            try (JsonReader reader = Json.createReader(new StringReader(text))) {
                return reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError("body is not a JSON object: " + this, e);
            }
        }

        /** The JSON-RPC result's tool names, for a tools/list answer. */
        List<String> toolNames() {
            JsonObject result = json().getJsonObject("result");
            if (result == null) {
                throw new AssertionError("not a JSON-RPC result: " + this);
            }
            JsonArray tools = result.getJsonArray("tools");
            List<String> names = new ArrayList<>();
            tools.forEach(t -> names.add(t.asJsonObject().getString("name")));
            return names;
        }

        /** The {@code WWW-Authenticate} challenge: the scheme under key {@code ""}, then the auth-params. */
        Map<String, String> challenge() {
            String value = header("WWW-Authenticate");
            return value == null ? null : parseChallenge(value);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + headers + "\n" + (body.length() > 2000 ? body.substring(0, 2000) + "…" : body);
        }
    }

    /** Parses one RFC 9110 challenge: {@code scheme param="quoted", param=token, ...}. */
    static Map<String, String> parseChallenge(String value) {
        Map<String, String> result = new LinkedHashMap<>();
        String v = value.trim();
        int space = v.indexOf(' ');
        result.put("", space < 0 ? v : v.substring(0, space));
        int i = space < 0 ? v.length() : space + 1;
        while (i < v.length()) {
            while (i < v.length() && (v.charAt(i) == ' ' || v.charAt(i) == ',')) {
                i++;
            }
            int eq = v.indexOf('=', i);
            if (eq < 0) {
                throw new AssertionError("not an auth-param list: " + value);
            }
            String name = v.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder param = new StringBuilder();
            if (i < v.length() && v.charAt(i) == '"') {
                i++;
                while (i < v.length() && v.charAt(i) != '"') {
                    if (v.charAt(i) == '\\' && i + 1 < v.length()) {
                        i++;
                    }
                    param.append(v.charAt(i++));
                }
                if (i >= v.length()) {
                    throw new AssertionError("unterminated quoted string: " + value);
                }
                i++;
            } else {
                while (i < v.length() && v.charAt(i) != ',') {
                    param.append(v.charAt(i++));
                }
            }
            if (result.put(name, param.toString().trim()) != null) {
                throw new AssertionError("parameter " + name + " twice: " + value);
            }
        }
        return result;
    }
}
