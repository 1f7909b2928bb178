package dev.jakartamcp.it;

import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.ModernCall;
import dev.jakartamcp.it.McpHttpClient.Reply;
import dev.jakartamcp.ops.ArgumentDigest;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metrics and the audit trail after known requests, the same on every server. Metrics: {@code /mcp-metrics} is
 * scraped before and after, and the differences must be exactly what was asked (per method, tool, revision and error
 * type; sessions, authorization failures by reason, rate limits by limit). Audit: an application bean of the test
 * WAR observes the {@code AuditRecord} events and the lines of the logger {@code dev.jakartamcp.audit}; each event
 * must have its JSON line with the same values, in one line of printable ASCII even for a name with a line break.
 * Authorization on; each test uses callers of its own.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class ObservabilityIT extends AuthorizedIT {
    private static final String DURATION = "mcp_server_operation_duration_seconds";
    /** The network attributes of a session: no HTTP version, its requests may come on connections of any. */
    private static final Map<String, String> HTTP_TCP = Map.of("network_protocol_name", "http", "network_transport", "tcp");
    /** The network attributes of a request of the tests' HTTP/1.1 client. */
    private static final Map<String, String> HTTP_1_1_TCP = PrometheusScrape.labels(HTTP_TCP, "network_protocol_version", "1.1");

    @Deployment(testable = false)
    static WebArchive deployment() {
        authorizationServers();
        return McpDeployments.product(as.deploymentConfig(Map.of("mcp.tools.record_program.rate-limit", "1/PT1H")))
                .addPackage("dev.jakartamcp.it.observability");
    }

    PrometheusScrape scrape() {
        return PrometheusScrape.of(origin());
    }

    static Map<String, String> toolCall(String tool, String revision, String... more) {
        Map<String, String> labels = PrometheusScrape.labels(HTTP_1_1_TCP, "mcp_method_name", "tools/call",
                "gen_ai_operation_name", "execute_tool", "mcp_protocol_version", revision);
        if (tool != null) {
            labels.put("gen_ai_tool_name", tool);
        }
        return PrometheusScrape.labels(labels, more);
    }

    static JsonObject location(String city) {
        return Json.createObjectBuilder().add("location", city).build();
    }

    static JsonObject recording() {
        return Json.createObjectBuilder().add("channel", "NHK G").add("start", "2026-12-24T21:00:00+09:00").build();
    }

    ModernCall call(McpHttpClient client, String tool, JsonObject arguments) {
        return client.modern("tools/call").param("name", tool).param("arguments", arguments);
    }

    void assertDelta(PrometheusScrape before, PrometheusScrape after, String name, Map<String, String> labels, double expected) {
        assertEquals(expected, after.value(name, labels) - before.value(name, labels), () -> name + labels + "\n" + after.text());
    }

    @Test
    void metricsCountWhatWasAsked() throws Exception {
        String run = UUID.randomUUID().toString();
        McpHttpClient alice = withToken(token("alice-" + run, "channels:read", "recordings:write"));
        McpHttpClient bob = withToken(token("bob-" + run, "channels:read"));
        PrometheusScrape before = scrape();

        for (String city : List.of("Tokyo", "Osaka", "Sapporo")) {
            call(alice, "get_channels", location(city)).send().result();
        }
        LegacySession session = alice.initialize(McpHttpClient.V2025_11_25);
        session.call("tools/call", Json.createObjectBuilder().add("name", "get_channels").add("arguments", location("Kyoto")).build());
        assertEquals(200, session.delete().send().status());
        ModernCall denied = call(bob, "record_program", recording());
        denied.send().assertError(403, -31403, denied.id());
        call(alice, "record_program", recording()).send().result();
        ModernCall limited = call(alice, "record_program", recording());
        limited.send().assertError(429, -31429, limited.id());
        ModernCall unknown = call(alice, "no_such_tool", location("Nagoya"));
        unknown.send().assertError(200, -32602, unknown.id());
        assertEquals(401, new McpHttpClient(McpDeployments.endpoint(deployed)).modern("tools/list").send().status());
        assertEquals(401, withToken("not-a-jwt").modern("tools/list").send().status());

        PrometheusScrape after = scrape();
        System.out.println("[scrape after the known requests]\n" + after.text());
        String count = DURATION + "_count";
        assertDelta(before, after, count, toolCall("get_channels", "2026-07-28"), 3);
        assertDelta(before, after, count, toolCall("get_channels", "2025-11-25"), 1);
        assertDelta(before, after, count, PrometheusScrape.labels(HTTP_1_1_TCP, "mcp_method_name", "initialize",
                "mcp_protocol_version", "2025-11-25"), 1);
        assertDelta(before, after, count, PrometheusScrape.labels(HTTP_1_1_TCP, "mcp_method_name", "notifications/initialized",
                "mcp_protocol_version", "2025-11-25"), 1);
        assertDelta(before, after, count, toolCall("record_program", "2026-07-28"), 1);
        assertDelta(before, after, count, toolCall("record_program", "2026-07-28", "error_type", "-31403",
                "rpc_response_status_code", "-31403"), 1);
        assertDelta(before, after, count, toolCall("record_program", "2026-07-28", "error_type", "-31429",
                "rpc_response_status_code", "-31429"), 1);
        assertDelta(before, after, count, toolCall(null, "2026-07-28", "error_type", "-32602",
                "rpc_response_status_code", "-32602"), 1);
        assertFalse(after.text().contains("no_such_tool"), "a name that is no tool is never an attribute value");
        assertDelta(before, after, "mcp_server_session_duration_seconds_count",
                PrometheusScrape.labels(HTTP_TCP, "mcp_protocol_version", "2025-11-25"), 1);
        assertDelta(before, after, "mcp_server_authorization_failures_total", Map.of("reason", "missing_token"), 1);
        assertDelta(before, after, "mcp_server_authorization_failures_total", Map.of("reason", "malformed"), 1);
        assertDelta(before, after, "mcp_server_authorization_failures_total", Map.of("reason", "insufficient_scope"), 1);
        assertDelta(before, after, "mcp_server_rate_limited_total", Map.of("limit", "item"), 1);
        assertEquals(0, after.value("mcp_server_session_active", Map.of()), after::text);
        assertEquals(0, after.value("mcp_server_stream_active", Map.of()), after::text);
        assertTrue(after.value("mcp_server_jwks_fetches_total", Map.of("outcome", "success")) >= 1, after::text);
        assertTrue(after.has("mcp_server_jwks_fetches_total", Map.of("outcome", "failure")), after::text);

        // every histogram series is whole: buckets cumulative, +Inf = count, sum ≥ 0
        Map<String, String> threeCalls = toolCall("get_channels", "2026-07-28");
        double previous = 0;
        for (String le : List.of("0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1.0", "2.0", "5.0", "10.0", "30.0", "60.0", "120.0", "300.0", "+Inf")) {
            double bucket = after.value(DURATION + "_bucket", PrometheusScrape.labels(threeCalls, "le", le));
            assertTrue(bucket >= previous, "bucket le=" + le + " below the one before");
            previous = bucket;
        }
        assertEquals(after.value(count, threeCalls), previous, "le=+Inf is the count");
        assertTrue(after.value(DURATION + "_sum", threeCalls) > 0);
    }

    @Test
    void auditTrailRecordsEventsAndJsonLines() throws Exception {
        String subject = "carol-" + UUID.randomUUID();
        McpHttpClient carol = withToken(token(subject, "channels:read", "obs:test"));
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String headerTraceId = HexFormat.of().formatHex(randomBytes(16));

        ModernCall ok = call(carol, "get_channels", location("Tokyo"))
                .meta("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
        ok.send().result();
        String evil = "evil\n{\"outcome\":\"OK\"}\u2028\u001b[31m";
        LegacySession session = carol.initialize(McpHttpClient.V2025_11_25);
        Reply invalid = session.send("tools/call", Json.createObjectBuilder().add("name", evil).add("arguments", JsonValue.EMPTY_JSON_OBJECT).build());
        assertEquals(-32602, invalid.message().getJsonObject("error").getInt("code"), invalid::toString);
        ModernCall denied = call(carol, "record_program", recording());
        denied.send().assertError(403, -31403, denied.id());
        Reply refused = new McpHttpClient(McpDeployments.endpoint(deployed)).modern("tools/list")
                .header("traceparent", "00-" + headerTraceId + "-00f067aa0ba902b7-01").send();
        assertEquals(401, refused.status());
        // a task id in the operations API's path stays out of the trail (the path as the container mapped it; variants
        // such as /mcp-admin;x=1/tasks/<id>, which Payara answers 404 before authentication, are unit-tested)
        String opsTraceId = HexFormat.of().formatHex(randomBytes(16));
        String taskId = UUID.randomUUID().toString();
        Reply opsRefused = new McpHttpClient(McpDeployments.endpoint(deployed).resolve("mcp-admin/tasks/" + taskId))
                .raw("DELETE", java.util.Map.of("Host", "127.0.0.1:" + deployed.getPort(),
                        "traceparent", "00-" + opsTraceId + "-00f067aa0ba902b7-01"), null);
        assertEquals(401, opsRefused.status(), opsRefused::toString);
        session.delete().send();

        JsonObject log = parse(call(carol, "audit_log", JsonValue.EMPTY_JSON_OBJECT).send().result()
                .getJsonArray("content").getJsonObject(0).getString("text"));
        List<JsonObject> events = log.getJsonArray("events").stream().map(JsonValue::asJsonObject).toList();
        List<String> lines = log.getJsonArray("lines").stream().map(v -> ((jakarta.json.JsonString) v).getString()).toList();

        JsonObject used = only(events, e -> traceId.equals(e.getString("traceId", null)));
        assertEquals("tools/call", used.getString("method"));
        assertEquals("tool", used.getString("itemKind"));
        assertEquals("get_channels", used.getString("item"));
        assertEquals(as.issuer(), used.getString("issuer"));
        assertEquals(subject, used.getString("subject"));
        assertEquals("transport-it", used.getString("clientName"));
        assertEquals("1.0.0", used.getString("clientVersion"));
        assertEquals("2026-07-28", used.getString("protocolVersion"));
        assertEquals("OK", used.getString("outcome"));
        assertEquals(requestIdText(ok.id()), used.getString("requestId"));
        assertEquals("127.0.0.1", used.getString("remoteAddress"));
        assertEquals(ArgumentDigest.of(location("Tokyo"), McpSettings.DEFAULT_AUDIT_REDACT), used.getString("argumentsDigest"));
        assertTrue(used.getString("argumentsDigest").matches("sha256:[0-9a-f]{64}"), used::toString);
        assertFalse(used.containsKey("errorType"), used::toString);

        JsonObject bad = only(events, e -> subject.equals(e.getString("subject", null)) && "INVALID".equals(e.getString("outcome")));
        assertEquals(evil, bad.getString("item"));
        assertEquals("-32602", bad.getString("errorType"));
        assertEquals(session.id(), bad.getString("sessionId"));
        assertEquals("2025-11-25", bad.getString("protocolVersion"));

        JsonObject forbidden = only(events, e -> subject.equals(e.getString("subject", null)) && "DENIED".equals(e.getString("outcome")));
        assertEquals("record_program", forbidden.getString("item"));
        assertEquals("insufficient_scope", forbidden.getString("reason"));
        assertEquals("-31403", forbidden.getString("errorType"));

        JsonObject unauthenticated = only(events, e -> headerTraceId.equals(e.getString("traceId", null)));
        assertEquals("POST /mcp", unauthenticated.getString("method"));
        assertEquals("UNAUTHENTICATED", unauthenticated.getString("outcome"));
        assertEquals("missing_token", unauthenticated.getString("reason"));
        assertNull(unauthenticated.get("subject"), unauthenticated::toString);

        JsonObject opsUnauthenticated = only(events, e -> opsTraceId.equals(e.getString("traceId", null)));
        assertTrue(opsUnauthenticated.getString("method").matches("DELETE (/[^/]+)?/mcp-admin/tasks/\\{id}"), opsUnauthenticated::toString);
        assertTrue(lines.stream().noneMatch(l -> l.contains(taskId)), "the task id is in the trail: " + lines);

        for (JsonObject event : List.of(used, bad, forbidden, unauthenticated, opsUnauthenticated)) {
            String line = lines.stream().filter(l -> l.contains("\"time\":\"" + event.getString("time") + "\""))
                    .filter(l -> l.contains("\"outcome\":\"" + event.getString("outcome") + "\"")).findFirst()
                    .orElseThrow(() -> new AssertionError("no audit line for " + event + " in " + lines));
            assertTrue(line.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), "not one line of printable ASCII: " + line);
            JsonObject written = parse(line);
            for (String key : event.keySet()) {
                if (key.equals("durationNanos")) {
                    assertEquals(event.getJsonNumber("durationNanos").longValue() / 1e6, written.getJsonNumber("durationMs").doubleValue(), 0.001);
                } else {
                    assertEquals(event.get(key), written.get(key), () -> key + " of " + line);
                }
            }
            assertEquals(event.size(), written.size(), () -> "the line has the event's values, no more: " + line);
        }
        System.out.println("[audit lines]\n" + String.join("\n", lines.stream().filter(l -> l.contains(subject) || l.contains(headerTraceId)).toList()));
    }

    /**
     * Arguments marked secret ({@code @Arg(secret = true)} on a parameter or a record component, {@code ToolDefinition.Builder.secretProperty},
     * {@code PromptDefinition.Argument}'s {@code secret}) are {@code "writeOnly": true} in a tool's input schema and left
     * out of the audit digest, though {@code passphrase} is no name {@code mcp.audit.redact} lists: two calls that differ
     * only in it have the same digest, the one {@link ArgumentDigest} gives with the name redacted.
     */
    @Test
    void argumentsMarkedSecretAreWriteOnlyAndLeftOutOfTheAuditDigest() {
        String subject = "dave-" + UUID.randomUUID();
        McpHttpClient dave = withToken(token(subject, "obs:test"));
        Map<String, JsonObject> tools = new java.util.HashMap<>();
        String cursor = null;
        do {
            ModernCall list = dave.modern("tools/list");
            if (cursor != null) {
                list.param("cursor", cursor);
            }
            JsonObject page = list.send().result();
            page.getJsonArray("tools").forEach(t -> tools.put(t.asJsonObject().getString("name"), t.asJsonObject()));
            cursor = page.getString("nextCursor", null);
        } while (cursor != null);
        for (String tool : List.of("sign_in", "sign_in_in_code")) {
            JsonObject properties = tools.get(tool).getJsonObject("inputSchema").getJsonObject("properties");
            assertEquals(JsonValue.TRUE, properties.getJsonObject("passphrase").get("writeOnly"), properties::toString);
            assertNull(properties.getJsonObject("user").get("writeOnly"), properties::toString);
        }
        JsonObject login = tools.get("sign_in_with_login").getJsonObject("inputSchema");
        assertTrue(login.toString().contains("\"passphrase\":{\"type\":\"string\",\"writeOnly\":true}"), login::toString);

        Map<String, List<JsonObject>> sent = new LinkedHashMap<>();
        for (String tool : List.of("sign_in", "sign_in_in_code")) {
            for (String passphrase : List.of("correct horse", "battery staple")) {
                JsonObject arguments = Json.createObjectBuilder().add("user", "dave").add("passphrase", passphrase).build();
                call(dave, tool, arguments).send().result();
                sent.computeIfAbsent(tool, k -> new ArrayList<>()).add(arguments);
            }
        }
        for (String passphrase : List.of("correct horse", "battery staple")) {
            JsonObject arguments = Json.createObjectBuilder()
                    .add("login", Json.createObjectBuilder().add("user", "dave").add("passphrase", passphrase)).build();
            call(dave, "sign_in_with_login", arguments).send().result();
            sent.computeIfAbsent("sign_in_with_login", k -> new ArrayList<>()).add(arguments);
        }
        for (String prompt : List.of("unlock", "unlock_in_code")) {
            for (String passphrase : List.of("correct horse", "battery staple")) {
                JsonObject arguments = Json.createObjectBuilder().add("door", "front").add("passphrase", passphrase).build();
                dave.modern("prompts/get").param("name", prompt).param("arguments", arguments).send().result();
                sent.computeIfAbsent(prompt, k -> new ArrayList<>()).add(arguments);
            }
        }

        JsonObject log = parse(call(dave, "audit_log", JsonValue.EMPTY_JSON_OBJECT).send().result()
                .getJsonArray("content").getJsonObject(0).getString("text"));
        List<JsonObject> events = log.getJsonArray("events").stream().map(JsonValue::asJsonObject)
                .filter(e -> subject.equals(e.getString("subject", null))).toList();
        List<String> redacted = new ArrayList<>(McpSettings.DEFAULT_AUDIT_REDACT);
        redacted.add("passphrase");
        sent.forEach((item, arguments) -> {
            List<String> digests = events.stream().filter(e -> item.equals(e.getString("item", null)))
                    .map(e -> e.getString("argumentsDigest")).toList();
            assertEquals(2, digests.size(), () -> item + ": " + events);
            assertEquals(digests.get(0), digests.get(1), item + ": the passphrase does not reach the digest");
            assertEquals(ArgumentDigest.of(arguments.get(0), redacted), digests.get(0), item);
            assertNotEquals(ArgumentDigest.of(arguments.get(0), McpSettings.DEFAULT_AUDIT_REDACT), digests.get(0), item);
        });
    }

    private static String requestIdText(JsonValue id) {
        return id instanceof jakarta.json.JsonString s ? s.getString() : id.toString();
    }

    private static JsonObject only(List<JsonObject> events, java.util.function.Predicate<JsonObject> which) {
        List<JsonObject> found = events.stream().filter(which).toList();
        assertEquals(1, found.size(), () -> "expected one such audit event in " + events);
        return found.get(0);
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
