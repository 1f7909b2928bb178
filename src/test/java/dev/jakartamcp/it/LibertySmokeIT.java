package dev.jakartamcp.it;

import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.it.AuthClient.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.jakartamcp.it.AuthAssertions.assertAccepted;
import static dev.jakartamcp.it.AuthAssertions.toolText;
import static dev.jakartamcp.it.AuthClient.bearer;
import static dev.jakartamcp.it.AuthServers.RESOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged WAR, unchanged, on OpenLiberty 26.0.0.3 as the product deploys it (profile {@code liberty}, execution
 * {@code liberty-smoke}; see {@code server-config/liberty/README.md}): in {@code apps/}, at context root "/" by
 * server.xml, configured through server.xml variables. Both protocol eras with authorization off, then the resource
 * server with authorization on against {@link AuthServers} (issuer and JWKS on 127.0.0.1 in this JVM), and Liberty's
 * log. The expectations are the ones the Payara ITs hold the same WAR to ({@link AuthAssertions}, tool texts).
 *
 * <p>The conformance suite and the full authorization suites run on Liberty through Arquillian instead
 * ({@link ConformanceIT}, {@link AuthIT}, {@link AuthOverrideIT}: tag {@code all-servers}, execution
 * {@code liberty-arquillian}).
 */
@Tag("liberty-smoke")
class LibertySmokeIT {
    static final JsonObject LOCATION = Json.createObjectBuilder().add("location", "Tokyo").build();
    static final JsonObject RECORDING = Json.createObjectBuilder()
            .add("channel", "NHK G").add("start", "2026-12-24T21:00:00+09:00").build();

    /** get_channels answers with two text contents, as on Payara. */
    static void assertChannels(Reply reply) {
        assertEquals("NHK G", toolText(reply), reply::toString);
        List<String> texts = reply.json().getJsonObject("result").getJsonArray("content").stream()
                .map(c -> c.asJsonObject().getString("text")).toList();
        assertEquals(List.of("NHK G", "ETV"), texts, reply::toString);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AuthorizationOff {
        LibertyServer server;
        AuthClient client;

        @BeforeAll
        void start() throws Exception {
            server = LibertyServer.start("auth-off", LibertyServer.productWar(), Map.of("mcp.auth.enabled", "false"));
            client = new AuthClient(server.base());
        }

        @AfterAll
        void stop() throws Exception {
            if (server != null) {
                server.close();
            }
        }

        @Test
        void legacy_2025_11_25_initializeListCall() {
            Reply init = client.initialize(null);
            assertEquals(200, init.status(), init::toString);
            assertNotNull(init.header("Mcp-Session-Id"), init::toString);
            JsonObject result = init.json().getJsonObject("result");
            assertEquals("2025-11-25", result.getString("protocolVersion"));
            assertEquals("jakarta-mcp-server", result.getJsonObject("serverInfo").getString("name"));

            String session = client.openSession(null);
            Reply list = client.legacy(null, session, "tools/list", JsonValue.EMPTY_JSON_OBJECT);
            assertEquals(200, list.status(), list::toString);
            assertEquals(List.of("get_channels", "record_program"), list.toolNames());
            assertChannels(client.legacyCall(null, session, "get_channels", LOCATION));

            Reply deleted = client.deleteSession(null, session);
            assertTrue(deleted.status() == 200 || deleted.status() == 204, deleted::toString);
            AuthAssertions.assertSessionNotFound(client.legacy(null, session, "tools/list", JsonValue.EMPTY_JSON_OBJECT));
        }

        /** The standalone SSE stream: status and headers must reach the client at once (flushed), not at the end. */
        @Test
        void legacy_standaloneStreamIsFlushed() throws Exception {
            String session = client.openSession(null);
            HttpClient http = Http.client().build();
            HttpRequest request = HttpRequest.newBuilder(client.uri("/mcp")).GET()
                    .header("Accept", "text/event-stream")
                    .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", AuthClient.LEGACY).build();
            CompletableFuture<HttpResponse<InputStream>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
            HttpResponse<InputStream> response = pending.get(10, TimeUnit.SECONDS);
            try (InputStream body = response.body()) {
                assertEquals(200, response.statusCode());
                assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
                        response.headers()::toString);
            }
            client.deleteSession(null, session);
        }

        @Test
        void modern_2026_07_28_discoverAndCall() {
            Reply discover = client.modern(null, "server/discover", JsonValue.EMPTY_JSON_OBJECT);
            assertEquals(200, discover.status(), discover::toString);
            JsonObject result = discover.json().getJsonObject("result");
            assertNotNull(result, discover::toString);
            assertTrue(result.getJsonArray("supportedVersions").getValuesAs(JsonString::getString).contains("2026-07-28"),
                    discover::toString);
            assertNull(discover.header("Mcp-Session-Id"), discover::toString);

            assertEquals(List.of("get_channels", "record_program"), client.modernToolsList(null).toolNames());
            assertChannels(client.modernCall(null, "get_channels", LOCATION));
            assertTrue(toolText(client.modernCall(null, "record_program", RECORDING)).startsWith("Recording scheduled: NHK G at "));
        }

        @Test
        void noAuthorizationWarningInLog() throws Exception {
            assertTrue(server.messages().contains("AUTHORIZATION IS OFF"), "the loud warning is missing");
        }
    }

    /**
     * Proof that only {@code <variable value=…>} overrides what the WAR ships: the WAR's own
     * {@code microprofile-config.properties} sets {@code mcp.examples.enabled=true} (ordinal 100). A
     * {@code defaultValue="false"} (ordinal 1) leaves the demo tools deployed; {@code value="false"} (ordinal 500)
     * removes them. Each configuration is one start of the product server.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class DefaultValueDoesNotOverrideTheWar {
        LibertyServer server;

        @BeforeAll
        void start() throws Exception {
            server = LibertyServer.start("default-value", LibertyServer.productWar(), Map.of("mcp.auth.enabled", "false"),
                    Map.of("mcp.examples.enabled", "false", "mcp.server.title", "Title from a defaultValue"), false);
        }

        @AfterAll
        void stop() throws Exception {
            if (server != null) {
                server.close();
            }
        }

        @Test
        void theWarsValueWinsOverADefaultValueWhereasACodeDefaultDoesNot() {
            AuthClient client = new AuthClient(server.base());
            assertEquals(List.of("get_channels", "record_program"), client.modernToolsList(null).toolNames(),
                    "mcp.examples.enabled: the WAR's true beats defaultValue=false");
            JsonObject info = client.initialize(null).json().getJsonObject("result").getJsonObject("serverInfo");
            assertEquals("Title from a defaultValue", info.getString("title"),
                    "a defaultValue only fills in where nothing else sets the property (here the code's default)");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ValueOverridesTheWar {
        LibertyServer server;

        @BeforeAll
        void start() throws Exception {
            server = LibertyServer.start("value", LibertyServer.productWar(),
                    Map.of("mcp.auth.enabled", "false", "mcp.examples.enabled", "false"), Map.of(), true);
        }

        @AfterAll
        void stop() throws Exception {
            if (server != null) {
                server.close();
            }
        }

        @Test
        void aVariableValueOverridesTheWarsOwnProperty() {
            assertEquals(List.of(), new AuthClient(server.base()).modernToolsList(null).toolNames(),
                    "mcp.examples.enabled: value=false beats the WAR's true");
        }

        @Test
        void theShippedSettingsFileLoadsWithoutErrorsOrTypos() throws Exception {
            String log = server.messages();
            assertFalse(log.contains("MCP configuration:"), "no unknown property in mcp-settings.xml");
            assertTrue(log.contains("mcp.session.timeout = PT10M"), "the effective settings are logged once");
            assertFalse(log.lines().anyMatch(l -> l.contains(" E ") && !l.contains("CWWKO0221E")), log);
        }
    }

    /** {@code server stop} while a tool call runs and two streams are open: Liberty quiesces before it stops the application. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Drain {
        LibertyServer server;

        @BeforeAll
        void start() throws Exception {
            java.nio.file.Path war = BuildOutput.fresh("liberty-drain", "run-").resolve("drain.war");
            McpDeployments.product(Map.of()).addPackage(dev.jakartamcp.it.fixture.TransportFixtureTools.class.getPackage())
                    .as(org.jboss.shrinkwrap.api.exporter.ZipExporter.class).exportTo(war.toFile(), true);
            server = LibertyServer.start("drain", war, Map.of("mcp.auth.enabled", "false", "mcp.drain.grace", "PT20S",
                    "mcp.sse.keep-alive", "PT1S"), Map.of(), false);
        }

        @AfterAll
        void stop() throws Exception {
            if (server != null) {
                server.close();
            }
        }

        /**
         * Liberty's {@code server stop} first quiesces for up to 30 s: it lets running requests finish and tells the
         * application nothing; at the end of the quiesce it closes the connections still open (the streams) and only
         * then stops the application, where the drain runs. So on Liberty a running call finishes, but the streams
         * end without the WAR's last event (unlike Payara, which stops the application first).
         */
        @Test
        void onStopARunningCallFinishesAndStreamsEndAfterLibertysQuiesce() throws Exception {
            java.time.Duration wait = java.time.Duration.ofSeconds(20);
            McpHttpClient mcp = new McpHttpClient(java.net.URI.create(server.base() + "/mcp"));
            McpHttpClient.LegacySession session = mcp.initialize(McpHttpClient.V2025_11_25);
            McpHttpClient.Streamed getStream = session.get().open();
            SseEvent priming = getStream.events().nextEvent(wait);
            assertTrue(priming.isEmptyData(), "priming event");
            McpHttpClient.Streamed listen = mcp.modern("subscriptions/listen").id(Json.createValue("drain-listen"))
                    .param("notifications", McpHttpClient.obj("toolsListChanged", true)).open();
            assertEquals("notifications/subscriptions/acknowledged", listen.events().nextMessage(wait).getString("method"));
            McpHttpClient.ModernCall slow = mcp.modern("tools/call").param("name", "test_slow")
                    .param("arguments", McpHttpClient.obj("label", "drain", "millis", 4000));
            CompletableFuture<McpHttpClient.Reply> running = CompletableFuture.supplyAsync(slow::send);
            SlowCallStatus.await(mcp, "drain", "running", java.time.Duration.ofSeconds(20), "the test_slow call drain runs on the server");
            LibertyServer stopping = server;
            server = null;
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
                try {
                    stopping.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            McpHttpClient.Reply answered = running.get(30, TimeUnit.SECONDS);
            assertEquals(200, answered.status(), answered::toString);
            assertTrue(answered.result(slow.id()).getJsonArray("content").getJsonObject(0).getString("text").startsWith("finished after"),
                    answered::toString);
            stopped.get(2, TimeUnit.MINUTES);
            long deadline = System.nanoTime() + wait.toNanos();
            awaitEnd(getStream, deadline, "the GET stream ends when Liberty stops");
            awaitEnd(listen, deadline, "the subscriptions/listen stream ends when Liberty stops");
            assertTrue(stopping.messages().contains("MCP endpoint stopping: new requests get 503"), "the drain ran");
            getStream.close();
            listen.close();
        }

        private static void awaitEnd(McpHttpClient.Streamed stream, long deadline, String what) {
            while (!stream.events().next(java.time.Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))).end()) {
                assertTrue(System.nanoTime() < deadline, what);
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AuthorizationOn {
        final AuthAssertions expect = new AuthAssertions(AuthServers.METADATA_URL, "channels:read recordings:write");
        AuthServers as;
        LibertyServer server;
        AuthClient client;

        @BeforeAll
        void start() throws Exception {
            as = new AuthServers();
            server = LibertyServer.start("auth-on", LibertyServer.productWar(), as.deploymentConfig(Map.of()));
            client = new AuthClient(server.base());
        }

        @AfterAll
        void stop() throws Exception {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                if (as != null) {
                    as.close();
                }
            }
        }

        @Test
        void missingToken401WithResourceMetadata() {
            expect.assertMissingToken(client.modernToolsList(null));
            expect.assertMissingToken(client.initialize(null));
        }

        @Test
        void rejectedToken401() {
            expect.assertInvalidToken(client.modernToolsList(bearer("not a jwt")), "malformed token");
        }

        @Test
        void nimbusRs256TokenWithChannelsRead200() {
            String token = as.rs256("alice", c -> c.claim("permissions", List.of("channels:read")));
            assertAccepted(client.modernToolsList(bearer(token)));
            assertEquals(List.of("get_channels"), client.modernToolsList(bearer(token)).toolNames());
            assertChannels(client.modernCall(bearer(token), "get_channels", LOCATION));

            String session = client.openSession(bearer(token));
            assertChannels(client.legacyCall(bearer(token), session, "get_channels", LOCATION));
        }

        @Test
        void authorizationServerToken200() {
            assertAccepted(client.modernToolsList(bearer(as.issueWithPermissions("bob", "channels:read"))));
        }

        @Test
        void recordProgramWithoutRecordingsWrite403() {
            String token = as.rs256("alice", c -> c.claim("permissions", List.of("channels:read")));
            expect.assertInsufficientScope(client.modernCall(bearer(token), "record_program", RECORDING),
                    "record_program", "recordings:write");
            String session = client.openSession(bearer(token));
            expect.assertInsufficientScope(client.legacyCall(bearer(token), session, "record_program", RECORDING),
                    "record_program", "recordings:write");

            String writer = as.rs256("carol", c -> c.claim("permissions", List.of("channels:read", "recordings:write")));
            assertTrue(toolText(client.modernCall(bearer(writer), "record_program", RECORDING)).startsWith("Recording scheduled: NHK G at "));
        }

        @Test
        void protectedResourceMetadata() {
            JsonObject expected = Json.createObjectBuilder()
                    .add("resource", RESOURCE)
                    .add("authorization_servers", Json.createArrayBuilder().add(as.issuer()))
                    .add("scopes_supported", Json.createArrayBuilder().add("channels:read").add("recordings:write"))
                    .add("bearer_methods_supported", Json.createArrayBuilder().add("header"))
                    .add("resource_name", "Jakarta MCP Server")
                    .build();
            for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
                Reply reply = client.get(path, null);
                assertEquals(200, reply.status(), reply::toString);
                assertTrue(reply.header("Content-Type").startsWith("application/json"), reply::toString);
                assertEquals(expected, reply.json(), path);
                assertNull(reply.header("WWW-Authenticate"), reply::toString);
            }
            assertEquals(404, client.get("/.well-known/oauth-protected-resource/other", null).status());
        }

        @Test
        void noErrorsInLog() throws Exception {
            String log = server.messages();
            assertFalse(log.contains("AUTHORIZATION IS OFF"), log);
            assertFalse(log.lines().anyMatch(l -> l.contains(" E ") && !l.contains("CWWKO0221E")), log);
            assertTrue(new String(log.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).contains("CWWKZ0001I"));
        }
    }
}
