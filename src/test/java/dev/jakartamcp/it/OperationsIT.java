package dev.jakartamcp.it;

import dev.jakartamcp.it.AuthClient.Reply;
import dev.jakartamcp.it.tasks.AuditLines;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.jakartamcp.it.AuthClient.bearer;
import static dev.jakartamcp.it.McpHttpClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operations API ({@code /mcp-admin}, JAX-RS) with authorization on: 401 with a bearer challenge without a token,
 * 403 {@code insufficient_scope} without the permission {@code mcp-admin}, and for a caller with it the items as
 * deployed (operator overrides applied), the effective settings (secrets masked, where each comes from) and the
 * server's state (signing keys, sessions, streams, limits hit, configuration findings such as a mistyped property).
 * Every answer is JSON, errors included.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class OperationsIT extends AuthorizedIT {
    static final String SECRET = "hunter2-request-state-secret-value";

    @Deployment(testable = false)
    static WebArchive deployment() {
        authorizationServers();
        return McpDeployments.product(as.deploymentConfig(Map.of(
                "mcp.tools.record_program.title", "Record a programme (operator's words)",
                "mcp.tools.get_channels.rate-limit", "100/PT1M",
                "mcp.tools.get_channels.timeout", "PT30S",
                "mcp.tools.get_channels.max-concurrent", "8",
                "mcp.request-state.secret", SECRET,
                "mcp.sesion.timeout", "PT5M"))).addClass(AuditLines.class);
    }

    String admin() {
        return bearer(token("operator", "mcp-admin"));
    }

    static JsonObject json(Reply reply) {
        assertTrue(String.valueOf(reply.header("Content-Type")).startsWith("application/json"), reply::toString);
        return reply.json();
    }

    static Map<String, JsonObject> byName(List<JsonObject> entries) {
        return entries.stream().collect(Collectors.toMap(e -> e.getString("name"), Function.identity()));
    }

    @Test
    void withoutATokenTheAnswerIs401WithABearerChallengeForTheOperationsPermission() {
        for (String path : List.of("/mcp-admin/tools", "/mcp-admin/settings", "/mcp-admin/status")) {
            Reply reply = client().get(path, null);
            assertEquals(401, reply.status(), reply::toString);
            Map<String, String> challenge = reply.challenge();
            assertEquals("Bearer", challenge.get(""), reply::toString);
            assertEquals("mcp-admin", challenge.get("scope"), reply::toString);
            assertEquals("https://mcp.test/.well-known/oauth-protected-resource/mcp", challenge.get("resource_metadata"));
            assertEquals("unauthorized", json(reply).getString("error"));
        }
    }

    @Test
    void aTokenWithoutTheOperationsPermissionIs403InsufficientScope() {
        Reply reply = client().get("/mcp-admin/status", bearer(token("alice", "channels:read", "recordings:write")));
        assertEquals(403, reply.status(), reply::toString);
        assertEquals("insufficient_scope", reply.challenge().get("error"), reply::toString);
        assertEquals("mcp-admin", reply.challenge().get("scope"));
        assertEquals("insufficient_scope", json(reply).getString("error"));
        Reply forged = client().get("/mcp-admin/status", bearer("not.a.token"));
        assertEquals(401, forged.status(), forged::toString);
        assertEquals("invalid_token", json(forged).getString("error"));
    }

    @Test
    void toolsAreShownAsDeployedWithTheOperatorsOverrides() {
        Reply reply = client().get("/mcp-admin/tools", admin());
        assertEquals(200, reply.status(), reply::toString);
        Map<String, JsonObject> tools = byName(json(reply).getJsonArray("tools").getValuesAs(JsonObject.class));
        assertEquals(List.of("audit_lines", "get_channels", "record_program"), tools.keySet().stream().sorted().toList(),
                "the product's tools and the test's audit reader: " + reply);
        JsonObject record = tools.get("record_program");
        assertEquals("Record a programme (operator's words)", record.getString("title"));
        assertTrue(record.getBoolean("enabled"));
        assertEquals(obj("rule", "ROLES_ALLOWED", "roles", McpHttpClient.arr("recordings:write")), record.getJsonObject("access"));
        assertEquals(McpHttpClient.arr("title"), record.getJsonArray("overridden"));
        assertEquals(JsonValue.NULL, record.get("rateLimit"));
        assertEquals(JsonValue.NULL, record.get("timeout"), "mcp.execution.timeout applies");
        assertEquals(JsonValue.NULL, record.get("maxConcurrent"), "no bound of its own");
        assertTrue(record.getString("source").startsWith("dev.jakartamcp.example.ChannelTools#"), record.toString());
        JsonObject channels = tools.get("get_channels");
        assertEquals("100/PT1M", channels.getString("rateLimit"));
        assertEquals("PT30S", channels.getString("timeout"));
        assertEquals(8, channels.getInt("maxConcurrent"));
        assertEquals(McpHttpClient.arr("max-concurrent", "rate-limit", "timeout"), channels.getJsonArray("overridden"));

        for (String kind : List.of("prompts", "resources", "resource-templates")) {
            Reply list = client().get("/mcp-admin/" + kind, admin());
            assertEquals(200, list.status(), list::toString);
            assertEquals(1, json(list).size(), list::toString);
        }
    }

    @Test
    void settingsShowEffectiveValuesAndTheirSourcesWithSecretsMasked() {
        Reply reply = client().get("/mcp-admin/settings", admin());
        assertEquals(200, reply.status(), reply::toString);
        assertFalse(reply.body().contains(SECRET), "the request-state secret is never shown");
        JsonObject body = json(reply);
        Map<String, JsonObject> settings = byName(body.getJsonArray("settings").getValuesAs(JsonObject.class));
        JsonObject secret = settings.get("mcp.request-state.secret");
        assertEquals("(set, masked)", secret.getString("value"));
        assertTrue(secret.getBoolean("secret"));
        JsonObject timeout = settings.get("mcp.session.timeout");
        assertEquals("PT10M", timeout.getString("value"), "the mistyped mcp.sesion.timeout changed nothing");
        assertEquals("PT10M", timeout.getString("default"));
        assertTrue(timeout.getBoolean("live"));
        JsonObject issuer = settings.get("mp.jwt.verify.issuer");
        assertEquals(as.issuer(), issuer.getString("value"));
        assertNotEquals(JsonValue.NULL, issuer.get("source"), "where the value comes from: " + issuer);
        assertTrue(settings.containsKey("mcp.ops.role") && settings.containsKey("mcp.drain.grace"), settings.keySet().toString());
        Map<String, JsonObject> overrides = byName(body.getJsonArray("itemOverrides").getValuesAs(JsonObject.class));
        assertEquals("100/PT1M", overrides.get("mcp.tools.get_channels.rate-limit").getString("value"), overrides.toString());
    }

    @Test
    void statusShowsSigningKeysSessionsLimitsAndConfigurationFindings() {
        String session = client().openSession(bearer(token("status-user", "channels:read")));
        assertFalse(session.isEmpty());
        Reply reply = client().get("/mcp-admin/status", admin());
        assertEquals(200, reply.status(), reply::toString);
        JsonObject status = json(reply);
        assertFalse(status.getBoolean("draining"));
        JsonObject authorization = status.getJsonObject("authorization");
        assertTrue(authorization.getBoolean("enabled"));
        assertEquals(as.issuer(), authorization.getString("issuer"));
        JsonObject jwks = authorization.getJsonObject("jwks");
        assertFalse(jwks.getJsonArray("keyIds").isEmpty(), jwks.toString());
        assertNotEquals(JsonValue.NULL, jwks.get("lastSuccess"), jwks.toString());
        assertTrue(jwks.getInt("fetches") >= 1);
        assertEquals("{\"subjects\":0,\"tokenIds\":0,\"tokensRefused\":0,\"streamsEnded\":0,\"callsCancelled\":0,\"tasksCancelled\":0}", authorization.getJsonObject("revoked").toString(),
                "nothing revoked (RevocationIT revokes)");
        assertTrue(status.getJsonObject("sessions").getInt("open") >= 1, status.toString());
        assertEquals(10000, status.getJsonObject("sessions").getInt("max"));
        assertEquals(1000, status.getJsonObject("streams").getInt("max"));
        assertEquals(256, status.getJsonObject("calls").getInt("max"));
        assertTrue(status.getJsonObject("calls").getInt("running") >= 0, status.toString());
        assertEquals(1000, status.getJsonObject("tasks").getInt("max"));
        assertTrue(status.getJsonObject("tasks").getInt("held") >= 0, status.toString());
        JsonObject limits = status.getJsonObject("limitsHit");
        for (String counter : List.of("requestsRateLimited", "itemUsesRateLimited", "requestBodiesRefused", "sessionsRefused", "streamsRefusedOnServer",
                "streamsRefusedPerCaller", "callsRefusedOnServer", "callsRefusedPerCaller", "callsRefusedPerItem", "callsTimedOut", "tasksRefusedOnServer", "tasksRefusedPerCaller")) {
            assertTrue(limits.getJsonNumber(counter).longValue() >= 0, counter);
        }
        List<JsonObject> findings = status.getJsonObject("configuration").getJsonArray("findings").getValuesAs(JsonObject.class);
        assertEquals(List.of(obj("property", "mcp.sesion.timeout", "problem", "unknown setting, ignored (did you mean mcp.session.timeout?)")),
                findings, status.toString());
    }

    /**
     * A request Payara cannot parse (here an unparseable {@code Host}) sets off a record with a stack trace of its own
     * logger before the WAR sees it; at most {@code mcp.container-log.max-per-minute} (10) of them are logged a
     * minute, the rest counted. 25 such requests span at most two minutes of the throttle, so at least 5 are counted.
     * Open Liberty answers them with its own 400 and throttles its own log: nothing is installed there.
     */
    @Test
    void theServersOwnLogRecordsOfUnparseableRequestsAreBoundedAndCounted() {
        JsonObject before = json(client().get("/mcp-admin/status", admin())).getJsonObject("containerLog");
        assertEquals(10, before.getInt("maxPerMinute"), before.toString());
        List<String> loggers = before.getJsonArray("loggers").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        boolean liberty = "liberty".equals(System.getProperty("arquillian.launch"));
        if (liberty) {
            assertEquals(List.of(), loggers);
        } else {
            assertTrue(loggers.contains("jakarta.enterprise.web.core"), loggers.toString());
        }
        for (int i = 0; i < 25; i++) {
            mcp().raw("POST", Map.of("Host", "127.0.0.1:-1", "Content-Type", "application/json"), "{}");
        }
        JsonObject after = json(client().get("/mcp-admin/status", admin())).getJsonObject("containerLog");
        long counted = after.getJsonNumber("suppressed").longValue() - before.getJsonNumber("suppressed").longValue();
        PrometheusScrape scrape = PrometheusScrape.of(origin());
        String metric = "mcp_server_container_log_suppressed_total";
        if (liberty) {
            assertEquals(0, counted, after.toString());
            assertTrue(scrape.samples().keySet().stream().noneMatch(sample -> sample.startsWith(metric)), scrape::text);
        } else {
            assertTrue(counted >= 5, "records left out: " + counted + ", " + after);
            double ofWebCore = scrape.value(metric, Map.of("logger", "jakarta.enterprise.web.core"));
            assertTrue(ofWebCore >= counted && ofWebCore <= after.getJsonNumber("suppressed").longValue(),
                    ofWebCore + " counted in the metric, " + after + " in the status");
        }
    }

    @Test
    void unknownPathsAndMethodsAreJsonErrors() {
        Reply unknown = client().get("/mcp-admin/nothing-here", admin());
        assertEquals(404, unknown.status(), unknown::toString);
        assertEquals("not_found", json(unknown).getString("error"));
        Reply post = client().send(client().post("/mcp-admin/tools", admin(), obj()));
        assertEquals(405, post.status(), post::toString);
        assertEquals("method_not_allowed", json(post).getString("error"));
        for (String wadl : List.of("/.well-known/oauth-protected-resource/application.wadl", "/mcp-admin/application.wadl")) {
            Reply generated = client().get(wadl, admin());
            assertEquals(404, generated.status(), "no generated description: " + generated);
        }
        Reply metadataElsewhere = client().get("/.well-known/oauth-protected-resource/other", null);
        assertEquals(404, metadataElsewhere.status(), metadataElsewhere::toString);
        assertEquals("not_found", json(metadataElsewhere).getString("error"));
        HttpRequest.Builder delete = HttpRequest.newBuilder(client().uri("/mcp-admin/status")).DELETE().header("Authorization", admin());
        Reply deleted = client().send(delete);
        assertEquals(405, deleted.status(), deleted::toString);
        assertEquals("method_not_allowed", json(deleted).getString("error"));
    }

    @Test
    void optionsAnswerWithTheAllowedMethodsAndNoBodyToAnyoneAndOtherMethodsOfTheMetricsAreJsonErrors() {
        for (String path : List.of("/mcp-admin/sessions", "/mcp-admin/status", "/.well-known/oauth-protected-resource/mcp", "/mcp-metrics")) {
            Reply options = client().send(HttpRequest.newBuilder(client().uri(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Accept", "text/plain"));
            assertEquals(200, options.status(), path + ": " + options);
            assertEquals("", options.body(), path + ": the methods are in Allow, not in a body (Liberty's RESTEasy sent text/plain)");
            assertTrue(options.header("Allow") != null && options.header("Allow").contains("GET"), path + ": " + options.headers());
        }
        for (String path : List.of("/mcp-admin/status", "/.well-known/oauth-protected-resource/mcp", "/nothing-here")) {
            Reply trace = client().send(HttpRequest.newBuilder(client().uri(path)).method("TRACE", HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", admin()));
            // Payara's connector answers TRACE with a bare 405; elsewhere the WAR's JSON (JAX-RS 405, the error page's 404)
            assertTrue(trace.status() == 405 && trace.body().isEmpty()
                    || (trace.status() == 405 || trace.status() == 404) && json(trace).containsKey("error"), path + ": " + trace);
        }
        for (String method : List.of("POST", "PUT", "DELETE", "TRACE")) {
            Reply other = client().send(HttpRequest.newBuilder(client().uri("/mcp-metrics")).method(method, HttpRequest.BodyPublishers.noBody()));
            if (method.equals("TRACE") && other.body().isEmpty()) {
                assertEquals(405, other.status(), "Payara's connector answers TRACE itself, without a body: " + other);
                continue;
            }
            assertEquals(405, other.status(), method + ": " + other);
            assertEquals("method_not_allowed", json(other).getString("error"), method + ": " + other);
            assertEquals("GET, HEAD, OPTIONS", other.header("Allow"), method + ": " + other);
        }
    }

    /**
     * Jersey and RESTEasy parse Accept and Content-Type by rules of their own; before RestHeadersFilter the same header
     * got a 400 on one server and passed on the other ({@code application/json ; q=0.5} was Liberty's 406, an
     * {@code Accept-Language} with a bad weight Liberty's 400, {@code q=} with no value Liberty's 500).
     */
    @Test
    void acceptAndContentTypeAreReadByOneGrammarOnEveryServer() {
        String javaDefault = "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2";
        Map<String, String> served = Map.of(
                "Accept", "application/json ; q=0.5",
                "Accept-Language", "en-US;q=abc",
                "Content-Type", "application/json; charset=utf-8");
        for (String path : List.of("/mcp-admin/status", "/.well-known/oauth-protected-resource/mcp")) {
            for (String accept : List.of("application/json ; q=0.5", "application/json,,, ,text/plain", javaDefault, "*",
                    "application/json;x=\"a,b\";Charset=\"utf-8\"")) {
                Reply reply = client().send(HttpRequest.newBuilder(client().uri(path)).header("Authorization", admin()).header("Accept", accept));
                assertEquals(200, reply.status(), path + " Accept: " + accept + ": " + reply);
            }
            for (Map.Entry<String, String> header : served.entrySet()) {
                Reply reply = client().send(HttpRequest.newBuilder(client().uri(path)).header("Authorization", admin())
                        .header(header.getKey(), header.getValue()));
                assertEquals(200, reply.status(), path + " " + header + ": " + reply);
            }
            for (String accept : List.of("]Fpjl?^^eDzq{t-yPAGM8@BzHD6]X9", "application/json;q=", "application/json;q=abc", "application/json;q=1.5",
                    "application/json;charset", "appli cation/json", "a/b/c")) {
                Reply reply = client().send(HttpRequest.newBuilder(client().uri(path)).header("Authorization", admin()).header("Accept", accept));
                assertEquals(400, reply.status(), path + " Accept: " + accept + ": " + reply);
                assertEquals("invalid_request", json(reply).getString("error"), reply::toString);
                assertTrue(json(reply).getString("error_description").startsWith("the Accept header"), reply::toString);
            }
            for (String contentType : List.of("(dO[r'x4W\"#:Nx*o+V~S", "application/json; charset=\"x", "application/json, text/plain")) {
                Reply reply = client().send(HttpRequest.newBuilder(client().uri(path)).header("Authorization", admin())
                        .header("Content-Type", contentType));
                assertEquals(400, reply.status(), path + " Content-Type: " + contentType + ": " + reply);
                assertTrue(json(reply).getString("error_description").startsWith("the Content-Type header"), reply::toString);
            }
            Reply html = client().send(HttpRequest.newBuilder(client().uri(path)).header("Authorization", admin()).header("Accept", "text/html"));
            assertEquals(406, html.status(), html::toString);
            assertEquals("not_acceptable", json(html).getString("error"), html::toString);
        }
    }

    private List<JsonObject> listed(String query) {
        Reply reply = client().get("/mcp-admin/sessions" + query, admin());
        assertEquals(200, reply.status(), reply::toString);
        return json(reply).getJsonArray("sessions").getValuesAs(JsonObject.class);
    }

    private static List<String> ids(List<JsonObject> sessions) {
        return sessions.stream().map(s -> s.getString("id")).toList();
    }

    private Reply endSessions(String pathAndQuery, String authorization) {
        HttpRequest.Builder delete = HttpRequest.newBuilder(client().uri("/mcp-admin/sessions" + pathAndQuery)).DELETE();
        if (authorization != null) {
            delete.header("Authorization", authorization);
        }
        return client().send(delete);
    }

    private List<String> auditedEnds() {
        Reply reply = client().modernCall(admin(), "audit_lines", obj("subject", "operator"));
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().getJsonObject("result").getJsonArray("content").getValuesAs(JsonObject.class).stream()
                .map(v -> v.getString("text")).filter(line -> line.startsWith("DELETE /mcp-admin/sessions ")).toList();
    }

    @Test
    void sessionsAreListedMostRecentlyUsedFirstAllOrOneSubjects() {
        String subject = "listed-" + UUID.randomUUID();
        String token = bearer(token(subject, "channels:read"));
        String older = client().openSession(token);
        String newer = client().openSession(token);
        String other = client().openSession(bearer(token("other-" + UUID.randomUUID(), "channels:read")));
        assertEquals(200, client().legacy(token, older, "ping", obj()).status(), "used last: listed first");

        List<JsonObject> own = listed("?subject=" + subject);
        assertEquals(List.of(older, newer), ids(own), own::toString);
        JsonObject first = own.get(0);
        assertEquals(as.issuer(), first.getString("issuer"));
        assertEquals(subject, first.getString("subject"));
        assertEquals("2025-11-25", first.getString("protocolVersion"));
        assertEquals(obj("name", "auth-it", "version", "1"), first.getJsonObject("client"));
        assertTrue(first.getBoolean("initialized"));
        Instant created = Instant.parse(first.getString("createdAt"));
        assertFalse(Instant.parse(first.getString("lastAccess")).isBefore(created), first::toString);
        assertFalse(created.isAfter(Instant.now().plusSeconds(5)), first::toString);

        Reply all = client().get("/mcp-admin/sessions", admin());
        JsonObject body = json(all);
        assertTrue(ids(body.getJsonArray("sessions").getValuesAs(JsonObject.class)).containsAll(List.of(older, newer, other)), all::toString);
        assertTrue(body.getInt("matched") >= 3, all::toString);
        assertEquals(100, body.getInt("limit"));
        Reply one = client().get("/mcp-admin/sessions?limit=1", admin());
        assertEquals(1, json(one).getJsonArray("sessions").size(), one::toString);
        assertTrue(json(one).getInt("matched") >= 3, one::toString);
        assertEquals(List.of(), listed("?subject=nobody-" + UUID.randomUUID()));

        // page by page: the first page says where the next starts; the last page has no next cursor
        String third = client().openSession(token);
        Reply firstPage = client().get("/mcp-admin/sessions?subject=" + subject + "&limit=2", admin());
        assertEquals(List.of(third, older), ids(json(firstPage).getJsonArray("sessions").getValuesAs(JsonObject.class)), firstPage::toString);
        assertEquals(3, json(firstPage).getInt("matched"), firstPage::toString);
        String cursor = json(firstPage).getString("nextCursor");
        Reply lastPage = client().get("/mcp-admin/sessions?subject=" + subject + "&limit=2&cursor=" + cursor, admin());
        assertEquals(List.of(newer), ids(json(lastPage).getJsonArray("sessions").getValuesAs(JsonObject.class)), lastPage::toString);
        assertEquals(3, json(lastPage).getInt("matched"), lastPage::toString);
        assertFalse(json(lastPage).containsKey("nextCursor"), lastPage::toString);

        for (String bad : List.of("?limit=0", "?limit=1001", "?limit=lots", "?subject=", "?cursor=", "?cursor=not-a-cursor",
                "?limit=%2B5", "?limit=%D9%A5", "?limit=1&limit=2", "?subject=a&subject=b", "?cursor=" + cursor + "&cursor=" + cursor)) {
            Reply refused = client().get("/mcp-admin/sessions" + bad, admin());
            assertEquals(400, refused.status(), bad + ": " + refused);
            assertEquals("invalid_request", json(refused).getString("error"), refused::toString);
        }
    }

    @Test
    void anOperatorEndsOneSessionItsStreamClosesAndTheEndIsAudited() throws Exception {
        String token = bearer(token("ended-" + UUID.randomUUID(), "channels:read"));
        String session = client().openSession(token);
        HttpRequest stream = HttpRequest.newBuilder(client().uri("/mcp")).GET().header("Accept", "text/event-stream")
                .header("Authorization", token).header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25").build();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        // returns with the headers, which the server sends once the stream is the session's (its priming event)
        HttpResponse<java.util.stream.Stream<String>> open = http.send(stream, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, open.statusCode(), "the session's GET stream is open");
        CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> open.body().count());

        Reply ended = endSessions("/" + session, admin());
        assertEquals(200, ended.status(), ended::toString);
        assertEquals(obj("ended", 1), json(ended));
        assertTrue(read.get(20, TimeUnit.SECONDS) >= 1, "the stream (its priming event read) ended with the session");
        Reply next = client().legacy(token, session, "tools/list", obj());
        assertEquals(404, next.status(), "a request in the ended session: " + next);
        Reply again = endSessions("/" + session, admin());
        assertEquals(404, again.status(), again::toString);
        assertEquals("not_found", json(again).getString("error"));
        assertTrue(auditedEnds().stream().anyMatch(line -> line.contains("sessionId=" + session) && line.contains("outcome=OK")),
                () -> "audited with the operator as the caller: " + auditedEnds());
    }

    @Test
    void anOperatorEndsEverySessionOfOneSubject() {
        String subject = "revoked-person-" + UUID.randomUUID();
        String token = bearer(token(subject, "channels:read"));
        List<String> theirs = List.of(client().openSession(token), client().openSession(token));
        String otherSubject = "kept-" + UUID.randomUUID();
        String otherToken = bearer(token(otherSubject, "channels:read"));
        String kept = client().openSession(otherToken);

        Reply ended = endSessions("?subject=" + subject, admin());
        assertEquals(200, ended.status(), ended::toString);
        assertEquals(obj("ended", 2), json(ended));
        for (String session : theirs) {
            assertEquals(404, client().legacy(token, session, "tools/list", obj()).status(), session);
        }
        assertEquals(200, client().legacy(otherToken, kept, "tools/list", obj()).status(), "another subject's session goes on");
        assertEquals(obj("ended", 0), json(endSessions("?subject=" + subject, admin())));

        Reply twice = endSessions("?subject=" + subject + "&subject=" + otherSubject, admin());
        assertEquals(400, twice.status(), twice::toString);
        assertEquals("subject is given 2 times: give it once", json(twice).getString("error_description"), twice::toString);
        assertEquals(200, client().legacy(otherToken, kept, "tools/list", obj()).status(), "nothing ended for a repeated subject");

        Reply unnamed = endSessions("", admin());
        assertEquals(400, unnamed.status(), unnamed::toString);
        assertEquals("invalid_request", json(unnamed).getString("error"));
        assertEquals(200, client().legacy(otherToken, kept, "tools/list", obj()).status(), "nothing ended without a subject");
        Reply withoutPermission = endSessions("?subject=" + subject, bearer(token("alice", "channels:read")));
        assertEquals(403, withoutPermission.status(), withoutPermission::toString);
        assertEquals("insufficient_scope", withoutPermission.challenge().get("error"));
        assertEquals(401, endSessions("/" + kept, null).status());
        assertEquals(200, client().legacy(otherToken, kept, "tools/list", obj()).status(), "refused callers ended nothing");
    }
}
