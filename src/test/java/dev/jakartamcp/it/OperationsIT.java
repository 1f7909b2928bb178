package dev.jakartamcp.it;

import dev.jakartamcp.it.AuthClient.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
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
                "mcp.sesion.timeout", "PT5M")));
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
        assertEquals(List.of("get_channels", "record_program"), tools.keySet().stream().sorted().toList(), reply::toString);
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
        for (String counter : List.of("requestsRateLimited", "itemUsesRateLimited", "sessionsRefused", "streamsRefusedOnServer",
                "streamsRefusedPerCaller", "callsRefusedOnServer", "callsRefusedPerCaller", "callsRefusedPerItem", "callsTimedOut", "tasksRefusedOnServer", "tasksRefusedPerCaller")) {
            assertTrue(limits.getJsonNumber(counter).longValue() >= 0, counter);
        }
        List<JsonObject> findings = status.getJsonObject("configuration").getJsonArray("findings").getValuesAs(JsonObject.class);
        assertEquals(List.of(obj("property", "mcp.sesion.timeout", "problem", "unknown setting, ignored (did you mean mcp.session.timeout?)")),
                findings, status.toString());
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
}
