package dev.jakartamcp.it;

import dev.jakartamcp.e2e.Http;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A small MCP-over-HTTP client for the transport tests, built on {@link HttpClient} (HTTP/1.1). It sends exactly the
 * bytes a test asks for (headers can be added, replaced or removed), reads SSE responses incrementally through
 * {@link SseStream}, and knows the two request shapes: the 2025 session handshake ({@link #initialize}) and the
 * stateless 2026-07-28 request with {@code _meta} and mirrored headers ({@link #modern}).
 * <p>
 * Every answer it receives is checked for what must never happen: an HTTP 500 and a Java stack trace in a body.
 * Only loopback endpoints are accepted.
 */
public final class McpHttpClient {
    public static final String V2025_03_26 = "2025-03-26";
    public static final String V2025_06_18 = "2025-06-18";
    public static final String V2025_11_25 = "2025-11-25";
    public static final String V2026_07_28 = "2026-07-28";
    public static final List<String> SUPPORTED = List.of(V2026_07_28, V2025_11_25, V2025_06_18, V2025_03_26);

    public static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    public static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    public static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    public static final String META_LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    public static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    public static final String META_SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    public static final String ACCEPT_BOTH = "application/json, text/event-stream";
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI endpoint;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong(1);
    private final Map<String, String> defaultHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public McpHttpClient(URI endpoint) {
        try {
            if (!InetAddress.getByName(endpoint.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("tests only talk to loopback addresses, not " + endpoint);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        this.endpoint = endpoint;
        this.http = Http.client().connectTimeout(Duration.ofSeconds(10)).build();
    }

    private McpHttpClient(McpHttpClient base, String header, String value) {
        this.endpoint = base.endpoint;
        this.http = base.http;
        this.defaultHeaders.putAll(base.defaultHeaders);
        this.defaultHeaders.put(header, value);
    }

    /** A client like this one whose every request carries {@code Authorization: value}. */
    public McpHttpClient authorization(String value) {
        return new McpHttpClient(this, "Authorization", value);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The Authorization value every request of this client carries, or null. */
    public String defaultAuthorization() {
        return defaultHeaders.get("Authorization");
    }

    /** "127.0.0.1:port", the value a well-behaved client puts in Host. */
    public String authority() {
        return endpoint.getHost() + ":" + endpoint.getPort();
    }

    public long nextId() {
        return ids.getAndIncrement();
    }

    // ------------------------------------------------------------------ raw HTTP

    /** A POST with {@code Content-Type: application/json} and {@code Accept: application/json, text/event-stream}. */
    public Call post(String body) {
        return new Call("POST", body.getBytes(StandardCharsets.UTF_8)).header("Content-Type", "application/json").header("Accept", ACCEPT_BOTH);
    }

    /** A GET with {@code Accept: text/event-stream}. */
    public Call get() {
        return new Call("GET", null).header("Accept", "text/event-stream");
    }

    public Call delete() {
        return new Call("DELETE", null);
    }

    /** Any HTTP method with an optional body and no default headers. */
    public Call method(String method, String body) {
        return new Call(method, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** One HTTP request being put together. Header names are matched case-insensitively when replaced or removed. */
    public final class Call {
        private final String method;
        private final byte[] body;
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private boolean chunked;

        private Call(String method, byte[] body) {
            this.method = method;
            this.body = body;
            headers.putAll(defaultHeaders);
        }

        public Call header(String name, String value) {
            headers.remove(name);
            headers.put(name, value);
            return this;
        }

        public Call without(String name) {
            headers.remove(name);
            return this;
        }

        /** Sends the body with {@code Transfer-Encoding: chunked} (no Content-Length). */
        public Call chunked() {
            this.chunked = true;
            return this;
        }

        private HttpRequest build(Duration timeout) {
            HttpRequest.BodyPublisher publisher;
            if (body == null) {
                publisher = HttpRequest.BodyPublishers.noBody();
            } else if (chunked) {
                publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
            } else {
                publisher = HttpRequest.BodyPublishers.ofByteArray(body);
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).method(method, publisher);
            if (timeout != null) {
                b.timeout(timeout);
            }
            headers.forEach(b::header);
            return b.build();
        }

        /** Sends the request and reads the whole answer (an SSE answer is read until the server ends it). */
        public Reply send() {
            try {
                HttpResponse<String> r = http.send(build(TIMEOUT),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return Reply.checked(r.statusCode(), r.headers(), r.body());
            } catch (IOException e) {
                throw new AssertionError(method + " " + endpoint + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Sends the request and returns as soon as the headers arrived; an SSE body is then read event by event. */
        public Streamed open() {
            try {
                HttpResponse<InputStream> r = http.send(build(null), HttpResponse.BodyHandlers.ofInputStream());
                assertNotEquals(500, r.statusCode(), "the server answered 500");
                return new Streamed(r.statusCode(), r.headers(), r.body());
            } catch (IOException e) {
                throw new AssertionError(method + " " + endpoint + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A response whose body is still open. */
    public static final class Streamed implements AutoCloseable {
        private final int status;
        private final HttpHeaders headers;
        private final InputStream body;
        private SseStream sse;

        Streamed(int status, HttpHeaders headers, InputStream body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public HttpHeaders headers() {
            return headers;
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        public boolean isSse() {
            return contentType().toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        }

        /** The body as an SSE stream; fails when the answer is not {@code text/event-stream}. */
        public synchronized SseStream events() {
            assertTrue(isSse(), "expected text/event-stream, got status " + status + " and Content-Type '" + contentType() + "'");
            if (sse == null) {
                sse = new SseStream(body);
            }
            return sse;
        }

        /** Reads a non-streamed body completely. */
        public Reply rest() {
            try (InputStream in = body) {
                return Reply.checked(status, headers, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() {
            if (sse != null) {
                sse.close();
            } else {
                try {
                    body.close();
                } catch (IOException ignored) {
                    // the connection is gone anyway
                }
            }
        }
    }

    /** A complete HTTP answer. */
    public record Reply(int status, HttpHeaders headers, String body) {

        static Reply checked(int status, HttpHeaders headers, String body) {
            assertNoLeak(body);
            assertNotEquals(500, status, "the server answered 500: " + body);
            return new Reply(status, headers, body);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        public boolean isSse() {
            return contentType().toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        }

        public boolean isJson() {
            return contentType().toLowerCase(Locale.ROOT).startsWith("application/json");
        }

        /** The JSON body (object or array); fails when the answer is not {@code application/json}. */
        public JsonStructure json() {
            assertTrue(isJson(), "expected application/json, got status " + status + ", Content-Type '" + contentType() + "', body: " + body);
            return parse(body);
        }

        public JsonObject object() {
            JsonStructure s = json();
            assertTrue(s instanceof JsonObject, "expected a JSON object: " + body);
            return (JsonObject) s;
        }

        /** The SSE events of a finished SSE answer. */
        public List<SseEvent> events() {
            assertTrue(isSse(), "expected text/event-stream, got " + contentType() + ": " + body);
            return SseStream.parseAll(body);
        }

        /**
         * The JSON-RPC response message, whether it came as the JSON body or as the response event of an SSE body.
         */
        public JsonObject message() {
            if (isSse()) {
                JsonObject last = null;
                for (SseEvent e : events()) {
                    JsonObject m = e.json();
                    if (m != null && !m.containsKey("method")) {
                        last = m;
                    }
                }
                assertNotNull(last, "the SSE answer holds no JSON-RPC response: " + body);
                return last;
            }
            return object();
        }

        /** The result of a successful JSON-RPC response with HTTP 200. */
        public JsonObject result() {
            assertEquals(200, status, "HTTP status; body: " + body);
            JsonObject m = message();
            assertEquals("2.0", m.getString("jsonrpc", null), "jsonrpc member: " + m);
            assertFalse(m.containsKey("error"), "unexpected JSON-RPC error: " + m);
            assertTrue(m.get("result") instanceof JsonObject, "no result object: " + m);
            return m.getJsonObject("result");
        }

        public JsonObject result(JsonValue expectedId) {
            JsonObject result = result();
            assertEquals(expectedId, message().get("id"), "JSON-RPC id echo");
            return result;
        }

        /**
         * Asserts a JSON-RPC error answer: the HTTP status, a JSON body, the code, and the id ({@code null} means the
         * id must be absent or null, since the request had none the server could echo). Returns the error object.
         */
        public JsonObject assertError(int httpStatus, int code, JsonValue expectedId) {
            assertEquals(httpStatus, status, "HTTP status; body: " + body);
            JsonObject m = message();
            assertEquals("2.0", m.getString("jsonrpc", null), "jsonrpc member: " + m);
            assertFalse(m.containsKey("result"), "an error response must not carry a result: " + m);
            assertTrue(m.get("error") instanceof JsonObject, "no error object: " + m);
            JsonObject error = m.getJsonObject("error");
            assertEquals(code, error.getInt("code"), "JSON-RPC error code; error: " + error);
            assertTrue(error.get("message") instanceof jakarta.json.JsonString, "error.message must be a string: " + error);
            if (expectedId == null || expectedId == JsonValue.NULL) {
                JsonValue id = m.get("id");
                assertTrue(id == null || id == JsonValue.NULL, "no id could be echoed, yet the response has " + id);
            } else {
                assertEquals(expectedId, m.get("id"), "JSON-RPC id echo: " + m);
            }
            return error;
        }

        /** 202 Accepted with an empty body, the answer to notifications and responses. */
        public void assertAccepted() {
            assertEquals(202, status, "HTTP status; body: " + body);
            assertEquals("", body, "a 202 answer has no body");
        }
    }

    /** Fails when a text the server sent contains what looks like a Java stack trace or exception name. */
    public static void assertNoLeak(String text) {
        if (text == null) {
            return;
        }
        assertFalse(text.contains("at dev.jakartamcp"), "the server leaked a stack trace: " + text);
        assertFalse(text.contains("Exception"), "the server leaked an exception: " + text);
        assertFalse(text.contains("\tat "), "the server leaked a stack trace: " + text);
    }

    // ------------------------------------------------------------------ 2025 revisions: sessions

    /** Client capabilities a full-featured 2025 client declares. */
    public static JsonObject fullCapabilities() {
        return obj("sampling", obj(), "elicitation", obj(), "roots", obj("listChanged", true));
    }

    public String initializeBody(JsonValue id, String requestedVersion, JsonObject capabilities) {
        return obj("jsonrpc", "2.0", "id", id, "method", "initialize", "params",
                obj("protocolVersion", requestedVersion, "capabilities", capabilities,
                        "clientInfo", obj("name", "transport-it", "version", "1.0.0"))).toString();
    }

    /** initialize + notifications/initialized; asserts the handshake and returns the session. */
    public LegacySession initialize(String requestedVersion) {
        return initialize(requestedVersion, fullCapabilities());
    }

    public LegacySession initialize(String requestedVersion, JsonObject capabilities) {
        JsonValue id = Json.createValue(nextId());
        Reply reply = post(initializeBody(id, requestedVersion, capabilities)).send();
        JsonObject result = reply.result(id);
        String sessionId = reply.header("Mcp-Session-Id").orElseThrow(() -> new AssertionError("initialize minted no Mcp-Session-Id"));
        LegacySession session = new LegacySession(sessionId, result.getString("protocolVersion"), result);
        session.post(obj("jsonrpc", "2.0", "method", "notifications/initialized").toString()).send().assertAccepted();
        return session;
    }

    /** An existing 2025 session (minted elsewhere, e.g. on another node) addressed through this client. */
    public LegacySession session(String sessionId, String version) {
        return new LegacySession(sessionId, version, null);
    }

    /** A 2025 session: every call carries its Mcp-Session-Id and the negotiated MCP-Protocol-Version. */
    public final class LegacySession {
        private final String id;
        private final String version;
        private final JsonObject initializeResult;

        LegacySession(String id, String version, JsonObject initializeResult) {
            this.id = id;
            this.version = version;
            this.initializeResult = initializeResult;
        }

        public String id() {
            return id;
        }

        public String version() {
            return version;
        }

        public JsonObject initializeResult() {
            return initializeResult;
        }

        public Call post(String body) {
            return McpHttpClient.this.post(body).header("Mcp-Session-Id", id).header("MCP-Protocol-Version", version);
        }

        public Call get() {
            return McpHttpClient.this.get().header("Mcp-Session-Id", id).header("MCP-Protocol-Version", version);
        }

        public Call delete() {
            return McpHttpClient.this.delete().header("Mcp-Session-Id", id).header("MCP-Protocol-Version", version);
        }

        /** The body of a request with this id, method and params (no params member when null). */
        public String request(JsonValue id, String method, JsonObject params) {
            JsonObjectBuilder b = Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("method", method);
            if (params != null) {
                b.add("params", params);
            }
            return b.build().toString();
        }

        /** Sends a request and returns its successful result (JSON or SSE answer). */
        public JsonObject call(String method, JsonObject params) {
            JsonValue rid = Json.createValue(nextId());
            return post(request(rid, method, params)).send().result(rid);
        }

        public Reply send(String method, JsonObject params) {
            return post(request(Json.createValue(nextId()), method, params)).send();
        }

        public Reply notify(String method, JsonObject params) {
            JsonObjectBuilder b = Json.createObjectBuilder().add("jsonrpc", "2.0").add("method", method);
            if (params != null) {
                b.add("params", params);
            }
            return post(b.build().toString()).send();
        }
    }

    // ------------------------------------------------------------------ 2026-07-28: stateless requests

    /** Starts a 2026-07-28 request for {@code method} with the standard headers and {@code _meta}. */
    public ModernCall modern(String method) {
        return new ModernCall(method);
    }

    /**
     * A 2026-07-28 request: body {@code {"jsonrpc","id","method","params":{...,"_meta":{protocolVersion, clientInfo,
     * clientCapabilities}}}} and headers {@code MCP-Protocol-Version}, {@code Mcp-Method} and (for tools/call,
     * prompts/get, resources/read and tasks/*) {@code Mcp-Name} taken from the body unless a test overrides or removes them.
     */
    public final class ModernCall {
        private final String method;
        private JsonValue id = Json.createValue(nextId());
        private final Map<String, JsonValue> params = new LinkedHashMap<>();
        private final Map<String, JsonValue> meta = new LinkedHashMap<>();
        private boolean noMeta;
        private boolean noParams;
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final List<String> removed = new ArrayList<>();
        private String accept = ACCEPT_BOTH;

        ModernCall(String method) {
            this.method = method;
            meta.put(META_PROTOCOL_VERSION, Json.createValue(V2026_07_28));
            meta.put(META_CLIENT_INFO, obj("name", "transport-it", "version", "1.0.0"));
            meta.put(META_CLIENT_CAPABILITIES, fullCapabilities());
        }

        public JsonValue id() {
            return id;
        }

        public ModernCall id(JsonValue id) {
            this.id = id;
            return this;
        }

        public ModernCall param(String key, Object value) {
            params.put(key, toJson(value));
            return this;
        }

        public ModernCall meta(String key, Object value) {
            meta.put(key, toJson(value));
            return this;
        }

        public ModernCall withoutMeta(String key) {
            meta.remove(key);
            return this;
        }

        /** No {@code _meta} at all. */
        public ModernCall noMeta() {
            this.noMeta = true;
            return this;
        }

        /** No {@code params} member at all. */
        public ModernCall noParams() {
            this.noParams = true;
            return this;
        }

        public ModernCall capabilities(JsonObject capabilities) {
            return meta(META_CLIENT_CAPABILITIES, capabilities);
        }

        /** Sets (or, with a null value, removes) a header, overriding the derived ones. */
        public ModernCall header(String name, String value) {
            headers.remove(name);
            removed.removeIf(name::equalsIgnoreCase);
            if (value == null) {
                removed.add(name);
            } else {
                headers.put(name, value);
            }
            return this;
        }

        public ModernCall accept(String accept) {
            this.accept = accept;
            return this;
        }

        public JsonObject body() {
            JsonObjectBuilder b = Json.createObjectBuilder().add("jsonrpc", "2.0");
            if (id != null) {
                b.add("id", id);
            }
            b.add("method", method);
            if (!noParams) {
                JsonObjectBuilder p = Json.createObjectBuilder();
                params.forEach(p::add);
                if (!noMeta) {
                    JsonObjectBuilder m = Json.createObjectBuilder();
                    meta.forEach(m::add);
                    p.add("_meta", m);
                }
                b.add("params", p);
            }
            return b.build();
        }

        /** The HTTP request this call would send, for further changes. */
        public Call call() {
            Call c = post(body().toString()).header("Accept", accept)
                    .header("MCP-Protocol-Version", V2026_07_28).header("Mcp-Method", method);
            String name = switch (method) {
                case "tools/call", "prompts/get" -> params.get("name") instanceof jakarta.json.JsonString s ? s.getString() : null;
                case "resources/read" -> params.get("uri") instanceof jakarta.json.JsonString s ? s.getString() : null;
                case "tasks/get", "tasks/update", "tasks/cancel" -> params.get("taskId") instanceof jakarta.json.JsonString s ? s.getString() : null;
                default -> null;
            };
            if (name != null) {
                c.header("Mcp-Name", name);
            }
            // the test's headers replace the derived ones whatever their spelling (Call matches names case-insensitively)
            headers.forEach(c::header);
            removed.forEach(c::without);
            return c;
        }

        public Reply send() {
            return call().send();
        }

        public Streamed open() {
            return call().open();
        }
    }

    // ------------------------------------------------------------------ raw socket (for headers HttpClient refuses)

    /**
     * Sends one HTTP/1.1 request over a plain socket to the endpoint's loopback address, for cases {@link HttpClient}
     * does not allow (a forged {@code Host} header). {@code headers} must not contain Content-Length or Connection.
     */
    public Reply raw(String method, Map<String, String> headers, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(endpoint.getRawPath()).append(" HTTP/1.1\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(bytes.length).append("\r\n").append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket(InetAddress.getByName(endpoint.getHost()), endpoint.getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            byte[] all = socket.getInputStream().readAllBytes();
            return parseRaw(all);
        } catch (IOException e) {
            throw new AssertionError("raw " + method + " failed: " + e, e);
        }
    }

    private static Reply parseRaw(byte[] all) {
        int split = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(split > 0, "no HTTP response head");
        String[] lines = new String(all, 0, split, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(all, split + 4, all.length);
        if (headers.getOrDefault("Transfer-Encoding", List.of()).stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
            body = dechunk(body);
        }
        return Reply.checked(status, HttpHeaders.of(headers, (a, b) -> true), new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < body.length) {
            int eol = indexOf(java.util.Arrays.copyOfRange(body, pos, body.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            int size = Integer.parseInt(new String(body, pos, eol, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            pos += eol + 2;
            if (size == 0) {
                break;
            }
            out.write(body, pos, size);
            pos += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ------------------------------------------------------------------ JSON helpers

    public static JsonStructure parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.read();
        } catch (RuntimeException e) {
            return fail("not JSON: " + text, e);
        }
    }

    /** {@code obj("a", 1, "b", "x", "c", obj(...))}: values may be String, Number, Boolean, JsonValue or null. */
    public static JsonObject obj(Object... keysAndValues) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            b.add((String) keysAndValues[i], toJson(keysAndValues[i + 1]));
        }
        return b.build();
    }

    public static JsonArray arr(Object... values) {
        JsonArrayBuilder b = Json.createArrayBuilder();
        for (Object v : values) {
            b.add(toJson(v));
        }
        return b.build();
    }

    public static JsonValue toJson(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue v) {
            return v;
        }
        if (value instanceof String s) {
            return Json.createValue(s);
        }
        if (value instanceof Integer n) {
            return Json.createValue(n);
        }
        if (value instanceof Long n) {
            return Json.createValue(n);
        }
        if (value instanceof Double n) {
            return Json.createValue(n);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        throw new IllegalArgumentException("no JSON for " + value.getClass());
    }
}
