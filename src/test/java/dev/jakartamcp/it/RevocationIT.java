package dev.jakartamcp.it;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.Reply;
import dev.jakartamcp.it.McpHttpClient.Streamed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Revoking tokens while the server runs ({@code mcp.auth.revoked-token-ids}, {@code mcp.auth.revoked-subjects}, both
 * live; changed here through a config source of the test WAR, {@code it/live}): the revoked token gets 401
 * {@code invalid_token} "token revoked" within seconds, the streams it opened end, its running call is answered with
 * -31401 and cancelled, the task it created is cancelled;
 * another token of the same subject goes on until the subject is revoked; other callers are not touched; the
 * operations API counts it; lifting the revocation lets the token in again. Times are printed (the failsafe report's
 * output file).
 */
@Tag("all-servers")
@ExtendWith(ArquillianExtension.class)
class RevocationIT extends AuthorizedIT {
    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static final HttpClient HTTP = dev.jakartamcp.e2e.Http.client().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        authorizationServers();
        return McpDeployments.withConformanceFixture(as.deploymentConfig(Map.of("mcp.sse.keep-alive", "PT0.5S")))
                .addPackage("dev.jakartamcp.it.live")
                .addAsResource(new StringAsset("dev.jakartamcp.it.live.LiveSettings\n"),
                        "META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource");
    }

    @AfterEach
    void liftRevocations() {
        setting("mcp.auth.revoked-token-ids", null);
        setting("mcp.auth.revoked-subjects", null);
    }

    /** A token of {@code subject} with its own {@code jti}, accepted by the deployment. */
    private static String tokenWithId(String subject, String tokenId) {
        return AuthServers.sign(as.rsa, AuthServers.header(JWSAlgorithm.RS256, as.rsa).build(),
                as.claims(subject).jwtID(tokenId).claim("permissions", List.of("channels:read", "mcp-admin")).build());
    }

    @Test
    void aRevokedTokenIsRefusedAndWhatItOpenedEndsWhileOtherTokensGoOn() {
        String alice = "alice-" + UUID.randomUUID();
        String leakedId = "leaked-" + UUID.randomUUID();
        McpHttpClient leaked = withToken(tokenWithId(alice, leakedId));
        McpHttpClient aliceAgain = withToken(tokenWithId(alice, "fresh-" + UUID.randomUUID()));
        McpHttpClient bob = withToken(tokenWithId("bob-" + UUID.randomUUID(), "bob-" + UUID.randomUUID()));

        LegacySession session = leaked.initialize(McpHttpClient.V2025_11_25);
        // a call that runs when the token is revoked: its first progress notification says it does
        McpHttpClient.ModernCall runningCall = leaked.modern("tools/call").param("name", "slow_compute")
                .param("arguments", Json.createObjectBuilder().add("seconds", 60).build()).meta("progressToken", "revoked-call");
        try (Streamed getStream = open(session.get());
             Streamed listen = open(leaked.modern("subscriptions/listen").param("notifications", JsonValue.EMPTY_JSON_OBJECT).call());
             Streamed bobsListen = open(bob.modern("subscriptions/listen").param("notifications", JsonValue.EMPTY_JSON_OBJECT).call());
             Streamed running = open(runningCall.call())) {
            assertEquals("notifications/progress", running.events().nextMessage(WITHIN).getString("method"), "the call runs");
            assertEquals("notifications/subscriptions/acknowledged", bobsListen.events().nextMessage(WITHIN).getString("method"));
            JsonObject task = leaked.modern("tools/call").param("name", "slow_compute")
                    .param("arguments", Json.createObjectBuilder().add("seconds", 120).build())
                    .capabilities(Json.createObjectBuilder().add("extensions",
                            Json.createObjectBuilder().add(TasksIT.TASKS, JsonValue.EMPTY_JSON_OBJECT)).build())
                    .send().result();
            assertEquals("task", task.getString("resultType"), task::toString);
            String taskId = task.getString("taskId");


            long revoked = System.nanoTime();
            setting("mcp.auth.revoked-token-ids", "some-other-id, " + leakedId);
            Reply refused = awaitRefused(leaked);
            System.out.printf("revoked token refused %d ms after the change was set%n", (System.nanoTime() - revoked) / 1_000_000);
            assertEquals(401, refused.status(), refused::toString);
            Map<String, String> challenge = AuthClient.parseChallenge(refused.header("WWW-Authenticate").orElseThrow());
            assertEquals("invalid_token", challenge.get("error"), challenge::toString);
            assertEquals("token revoked", challenge.get("error_description"), challenge::toString);
            assertTrue(challenge.containsKey("resource_metadata"), challenge::toString);
            assertEquals(401, session.send("tools/list", JsonValue.EMPTY_JSON_OBJECT).status(), "its session's requests too");

            getStream.events().awaitEnd(WITHIN);
            listen.events().awaitEnd(WITHIN);
            System.out.printf("its GET stream and subscriptions/listen ended %d ms after the change was set%n",
                    (System.nanoTime() - revoked) / 1_000_000);
            JsonObject cancelledCall = running.events().awaitResponse(runningCall.id(), WITHIN, null);
            System.out.printf("its running call answered %d ms after the change was set: %s%n", (System.nanoTime() - revoked) / 1_000_000,
                    cancelledCall);
            JsonObject error = cancelledCall.getJsonObject("error");
            assertNotNull(error, cancelledCall::toString);
            assertEquals(-31401, error.getInt("code"), error::toString);
            assertEquals("Unauthorized: the operator revoked the token this call was made with; it was cancelled",
                    error.getString("message"));
            JsonObject cancelled = await(() -> aliceAgain.modern("tasks/get").param("taskId", taskId)
                    .capabilities(Json.createObjectBuilder().add("extensions",
                            Json.createObjectBuilder().add(TasksIT.TASKS, JsonValue.EMPTY_JSON_OBJECT)).build()).send().result(),
                    t -> "cancelled".equals(t.getString("status")));
            System.out.printf("its task cancelled %d ms after the change was set: %s%n", (System.nanoTime() - revoked) / 1_000_000,
                    cancelled.getString("statusMessage", ""));
            assertEquals("Cancelled: the operator revoked the token that created it", cancelled.getString("statusMessage"));

            assertEquals(200, aliceAgain.modern("tools/list").send().status(), "another token of the subject goes on");
            assertEquals(200, bob.modern("tools/list").send().status(), "another caller goes on");
            assertFalse(bobsListen.events().isEnded(), "another caller's stream stays open");
            bobsListen.events().assertNoMessage(Duration.ofSeconds(2));

            setting("mcp.auth.revoked-subjects", alice);
            assertEquals(401, awaitRefused(aliceAgain).status(), "every token of a revoked subject");
            assertEquals(200, bob.modern("tools/list").send().status());

            AuthClient.Reply status = new AuthClient(origin()).get("/mcp-admin/status",
                    AuthClient.bearer(tokenWithId("operator", UUID.randomUUID().toString())));
            assertEquals(200, status.status(), status::toString);
            JsonObject counts = status.json().getJsonObject("authorization").getJsonObject("revoked");
            assertEquals(1, counts.getInt("subjects"), counts::toString);
            assertEquals(2, counts.getInt("tokenIds"), counts::toString);
            assertTrue(counts.getJsonNumber("tokensRefused").longValue() >= 3, counts::toString);
            assertEquals(2, counts.getInt("streamsEnded"), counts::toString);
            assertEquals(1, counts.getInt("callsCancelled"), counts::toString);
            assertEquals(1, counts.getInt("tasksCancelled"), counts::toString);
        }

        setting("mcp.auth.revoked-subjects", null);
        setting("mcp.auth.revoked-token-ids", null);
        long lifted = System.nanoTime();
        await(() -> leaked.modern("tools/list").send(), r -> r.status() == 200);
        System.out.printf("the token accepted again %d ms after the revocation was lifted%n", (System.nanoTime() - lifted) / 1_000_000);
    }

    private static Streamed open(McpHttpClient.Call call) {
        Streamed streamed = call.open();
        assertEquals(200, streamed.status());
        assertTrue(streamed.isSse());
        return streamed;
    }

    private static Reply awaitRefused(McpHttpClient client) {
        return await(() -> client.modern("tools/list").send(), r -> r.status() != 200);
    }

    private static <T> T await(java.util.function.Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            sleep(100);
        }
        return fail("not within " + WITHIN + "; last: " + last);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sets (or with {@code null} removes) a value of the test WAR's live config source. */
    private void setting(String name, String value) {
        String query = "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + (value == null ? "" : "&value=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin() + "/it-live-settings" + query))
                .timeout(Duration.ofSeconds(10));
        request = value == null ? request.DELETE() : request.PUT(HttpRequest.BodyPublishers.noBody());
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, response.statusCode(), response::body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
