package dev.jakartamcp.it;

import dev.jakartamcp.it.McpHttpClient.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * An observer of the audit trail that blocks (the fixture's, on the record of {@code block_audit}) with a backlog of
 * two records and a stall timeout of 2 s: the request that finds the backlog full waits for room at most that long,
 * then the trail counts as stalled and fails closed — calls are refused with 503 and -31503, other requests are
 * answered at once, readiness is DOWN, the status shows it — and once the observer goes on, the server serves as
 * before and the records that waited are written in order, the refusals' dropped. Before, every request thread waited
 * for room without end.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class AuditStallIT extends AuthorizedIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        authorizationServers();
        return McpDeployments.product(as.deploymentConfig(Map.of(
                        "mcp.audit.max-backlog", "2",
                        "mcp.audit.stall-timeout", "PT2S")))
                .addPackage("dev.jakartamcp.it.auditstall");
    }

    static Reply call(McpHttpClient client, String tool, JsonObject arguments) {
        return client.modern("tools/call").param("name", tool).param("arguments", arguments).send();
    }

    static JsonObject tokyo() {
        return Json.createObjectBuilder().add("location", "Tokyo").build();
    }

    @Test
    void aBlockedObserverStallsTheTrailWhichFailsClosedAndRecovers() throws Exception {
        McpHttpClient alice = withToken(token("audit-alice", Duration.ofMinutes(10), "channels:read", "audit:test"));
        String admin = AuthClient.bearer(token("audit-operator", Duration.ofMinutes(10), "mcp-admin"));
        AuthClient rest = client();
        List<String> answered = new ArrayList<>();
        try {
            call(alice, "block_audit", JsonValue.EMPTY_JSON_OBJECT).result();
            answered.add("block_audit");
            long started = System.nanoTime();
            Reply refused = null;
            JsonValue refusedId = null;
            for (int i = 0; i < 10 && refused == null; i++) {
                long sent = System.nanoTime();
                McpHttpClient.ModernCall request = alice.modern("tools/call").param("name", "get_channels").param("arguments", tokyo());
                Reply reply = request.send();
                long tookMillis = (System.nanoTime() - sent) / 1_000_000;
                System.out.println("[call " + i + "] " + reply.status() + " in " + tookMillis + " ms");
                assertTrue(tookMillis < 10_000, "no request waits beyond the stall timeout for room: " + tookMillis + " ms");
                if (reply.status() == 503) {
                    refused = reply;
                    refusedId = request.id();
                } else {
                    reply.result();
                    answered.add("get_channels");
                }
            }
            if (refused == null) {
                fail("no call was refused while the trail was blocked: " + answered);
            }
            assertTrue(System.nanoTime() - started >= Duration.ofMillis(1_500).toNanos(),
                    "the trail counts as stalled only once records waited the stall timeout");
            JsonObject error = refused.assertError(503, -31503, refusedId);
            assertTrue(error.getString("message").contains("mcp.audit.stall-timeout"), error::toString);
            assertEquals("5", refused.header("Retry-After").orElse(null), refused::toString);

            long sent = System.nanoTime();
            Reply unauthenticated = new McpHttpClient(McpDeployments.endpoint(deployed)).modern("tools/list").send();
            assertEquals(401, unauthenticated.status(), unauthenticated::toString);
            Reply list = alice.modern("tools/list").send();
            assertEquals(200, list.status(), list::toString);
            assertTrue((System.nanoTime() - sent) / 1_000_000 < 5_000, "requests that run no author code do not wait for the trail");

            PrometheusScrape scrape = PrometheusScrape.of(origin());
            assertEquals(1, scrape.value("mcp_server_over_capacity_total", Map.of("limit", "audit")), scrape::text);

            AuthClient.Reply ready = rest.get("/health/ready", null);
            System.out.println("[stalled] /health/ready -> " + ready.status() + " " + ready.body());
            assertEquals(503, ready.status(), ready::toString);
            assertTrue(ready.body().replace(" ", "").contains("\"name\":\"mcp-audit\",\"status\":\"DOWN\""), ready::toString);

            AuthClient.Reply status = rest.get("/mcp-admin/status", admin);
            assertEquals(200, status.status(), status::toString);
            JsonObject audit = status.json().getJsonObject("audit");
            System.out.println("[stalled] status audit " + audit);
            assertTrue(audit.getBoolean("stalled"), audit::toString);
            assertEquals(2, audit.getInt("max"), audit::toString);
            assertTrue(audit.getInt("dropped") >= 2, "the refused call's and the 401's records: " + audit);
        } finally {
            assertEquals(204, rest.send(HttpRequest.newBuilder(URI.create(origin() + "/it-audit-release"))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody())).status());
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        AuthClient.Reply ready;
        while ((ready = rest.get("/health/ready", null)).status() != 200) {
            assertTrue(System.nanoTime() < deadline, "readiness did not come back: " + ready);
            Thread.sleep(200);
        }
        call(alice, "get_channels", tokyo()).result();
        answered.add("get_channels");
        JsonObject audit = rest.get("/mcp-admin/status", admin).json().getJsonObject("audit");
        assertFalse(audit.getBoolean("stalled"), audit::toString);

        List<String> expected = answered.stream().map(tool -> "tools/call " + tool + " OK").toList();
        String seen;
        List<String> calls;
        deadline = System.nanoTime() + 10_000_000_000L; // the last call's record may be written just after its answer
        while (true) {
            seen = call(alice, "audit_seen", JsonValue.EMPTY_JSON_OBJECT).result()
                    .getJsonArray("content").getJsonObject(0).getString("text");
            calls = seen.lines().filter(line -> line.startsWith("tools/call") && !line.startsWith("tools/call audit_seen")).toList();
            if (calls.size() >= expected.size() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(100);
        }
        System.out.println("[after] records the application observed:\n" + seen);
        assertEquals(expected, calls.subList(0, Math.min(calls.size(), expected.size())),
                "every answered call's record written, in order, and none of the refused one");
        assertFalse(seen.contains("UNAVAILABLE audit"), "the refusal's record was dropped while the trail stalled, and counted");
    }
}
