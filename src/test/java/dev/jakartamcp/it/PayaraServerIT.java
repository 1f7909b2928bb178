package dev.jakartamcp.it;

import dev.jakartamcp.it.AuthClient.Reply;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.jakartamcp.it.AuthClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WAR on a real Payara Server 6 ({@code fish.payara.distributions:payara} zip, execution {@code payara-server}),
 * configured the way an operator does it: a domain of its own on loopback, the authorization settings and the WAR
 * with {@code asadmin}, then {@code mcp.tools.record_program.enabled} and {@code .roles} changed with
 * {@code asadmin set-config-property} (what the admin console's MicroProfile > Config page runs) while it serves. The
 * change shows on the next request once Payara's config cache lets it through (and reaches open streams as
 * {@code tools/list_changed} within the WAR's override check on top): the WAR sets
 * {@code mp.config.cache.duration=1000} (ms); Payara's own default is 60 s. Measured delays go to
 * {@code target/payara-server/report.txt}. Payara's own {@code /health} and {@code /metrics} keep answering next to
 * the WAR at context root "/".
 */
@Tag("payara-server")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraServerIT {
    private static final Duration CHANGE_DEADLINE = Duration.ofSeconds(90);

    AuthServers as;
    PayaraServer server;
    AuthClient client;
    Path work;
    final StringBuilder report = new StringBuilder();

    @BeforeAll
    void startDomainAndDeploy() throws Exception {
        as = new AuthServers();
        work = Files.createDirectories(Path.of(System.getProperty("mcp.build.dir", "target"), "payara-server"));
        server = PayaraServer.create(Path.of(System.getProperty("payara.server.home", "target/payara-server-dist/payara6")), work);
        for (Map.Entry<String, String> setting : as.deploymentConfig(Map.of()).entrySet()) {
            setConfig(setting.getKey(), setting.getValue());
        }
        server.asadmin(true, "deploy", "--contextroot", "/", "--name", "mcp",
                Path.of(System.getProperty("mcp.war", "target/jakarta-mcp-server.war")).toAbsolutePath().toString());
        client = new AuthClient("http://127.0.0.1:" + server.httpPort());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            Files.writeString(work.resolve("report.txt"), report.toString());
            Files.writeString(work.resolve("server.log"), server == null ? "" : server.serverLog());
            if (server != null) {
                server.close();
            }
        } finally {
            if (as != null) {
                as.close();
            }
        }
    }

    private void setConfig(String name, String value) throws Exception {
        server.asadmin(true, "set-config-property", "--source=domain", "--propertyName=" + name, "--propertyValue=" + value);
    }

    private List<String> tools(String token) {
        Reply reply = client.modernToolsList(bearer(token));
        assertEquals(200, reply.status(), reply::toString);
        return reply.toolNames();
    }

    /** Seconds from the start of the asadmin command until {@code changed} holds for the next request (polled every 100 ms). */
    /** Seconds from the return of the asadmin command that sets {@code name} to {@code value} until the change shows. */
    private double secondsUntil(String name, String value, Predicate<List<String>> changed, String token) throws Exception {
        long started = System.nanoTime();
        setConfig(name, value);
        double asadmin = (System.nanoTime() - started) / 1e9;
        long deadline = started + CHANGE_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (changed.test(tools(token))) {
                double seconds = (System.nanoTime() - started) / 1e9;
                report.append(String.format("asadmin set-config-property --source=domain --propertyName=%s --propertyValue=%s: "
                        + "seen %.1f s after the command started, %.1f s after it returned (the command took %.1f s)%n",
                        name, value, seconds, seconds - asadmin, asadmin));
                return seconds - asadmin; // not the command's own time: its JVM starts slowly on a busy machine
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + "=" + value + " not seen within " + CHANGE_DEADLINE);
    }

    private static String token(AuthServers as, String subject, String... permissions) {
        return AuthServers.sign(as.rsa, AuthServers.header(com.nimbusds.jose.JWSAlgorithm.RS256, as.rsa).build(),
                as.claims(subject).expirationTime(java.util.Date.from(java.time.Instant.now().plus(Duration.ofMinutes(10))))
                        .claim("permissions", List.of(permissions)).build());
    }

    @Test
    @Order(1)
    void theDeployedWarServesWithTheSettingsGivenByAsadmin() {
        String alice = token(as, "alice", "channels:read", "recordings:write");
        assertEquals(List.of("get_channels", "record_program"), tools(alice));
        Reply noToken = client.modernToolsList(null);
        assertEquals(401, noToken.status(), noToken::toString);
        Reply settings = client.get("/mcp-admin/settings", bearer(token(as, "operator", "mcp-admin")));
        assertEquals(200, settings.status(), settings::toString);
        JsonObject issuer = settings.json().getJsonArray("settings").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("name").equals("mp.jwt.verify.issuer")).findFirst().orElseThrow();
        assertEquals(as.issuer(), issuer.getString("value"));
        report.append("mp.jwt.verify.issuer comes from source '").append(issuer.get("source")).append("', ordinal ")
                .append(issuer.get("ordinal")).append('\n');
        assertTrue(issuer.getInt("ordinal") >= 100, issuer.toString());
    }

    @Test
    @Order(2)
    void switchingAToolOffAndOnWithAsadminShowsOnTheNextRequests() throws Exception {
        String alice = token(as, "alice", "channels:read", "recordings:write");
        double off = secondsUntil("mcp.tools.record_program.enabled", "false", t -> !t.contains("record_program"), alice);
        double on = secondsUntil("mcp.tools.record_program.enabled", "true", t -> t.contains("record_program"), alice);
        assertTrue(off < 15 && on < 15, "the WAR's 1 s config cache, not Payara's 60 s: " + off + " s / " + on + " s");
    }

    @Test
    @Order(3)
    void changingWhoMayUseAToolWithAsadminShowsOnTheNextRequests() throws Exception {
        String bob = token(as, "bob", "channels:read");
        assertEquals(List.of("get_channels"), tools(bob));
        double granted = secondsUntil("mcp.tools.record_program.roles", "channels:read,recordings:write",
                t -> t.contains("record_program"), bob);
        Reply call = client.modernCall(bearer(bob), "record_program", LibertySmokeIT.RECORDING);
        assertEquals(200, call.status(), call::toString);
        double revoked = secondsUntil("mcp.tools.record_program.roles", "recordings:write", t -> !t.contains("record_program"), bob);
        assertTrue(granted < 15 && revoked < 15, granted + " s / " + revoked + " s");
    }

    @Test
    @Order(4)
    void switchingAToolOffWithAsadminIsToldToOpenStreamsAsToolsListChanged() throws Exception {
        McpHttpClient mcp = new McpHttpClient(client.uri("/mcp"))
                .authorization(bearer(token(as, "alice", "channels:read", "recordings:write")));
        Duration wait = Duration.ofSeconds(20);
        McpHttpClient.LegacySession session = mcp.initialize(McpHttpClient.V2025_11_25);
        try (McpHttpClient.Streamed get = session.get().open();
             McpHttpClient.Streamed listen = mcp.modern("subscriptions/listen").id(jakarta.json.Json.createValue("listen"))
                     .param("notifications", McpHttpClient.obj("toolsListChanged", true)).open()) {
            assertTrue(get.events().nextEvent(wait).isEmptyData(), "priming event");
            assertEquals("notifications/subscriptions/acknowledged", listen.events().nextMessage(wait).getString("method"));
            long started = System.nanoTime();
            setConfig("mcp.tools.record_program.enabled", "false");
            long returned = System.nanoTime();
            assertEquals("notifications/tools/list_changed", get.events().nextMessage(wait).getString("method"), "GET stream");
            long heard = System.nanoTime();
            assertEquals("notifications/tools/list_changed", listen.events().nextMessage(wait).getString("method"), "listen stream");
            double afterReturn = (heard - returned) / 1e9;
            report.append(String.format("mcp.tools.record_program.enabled=false: tools/list_changed on the GET stream %.1f s "
                    + "after the asadmin command started, %.1f s after it returned%n", (heard - started) / 1e9, afterReturn));
            assertTrue(afterReturn < 15, "the 1 s override check and config cache, not Payara's 60 s: " + afterReturn + " s");
        } finally {
            setConfig("mcp.tools.record_program.enabled", "true");
        }
    }

    @Test
    @Order(5)
    void payarasOwnHealthAndMetricsAnswerNextToTheWarAtTheRoot() {
        for (String path : List.of("/health", "/health/ready", "/health/live")) {
            Reply health = client.get(path, null);
            assertEquals(200, health.status(), path + ": " + health);
            assertEquals("UP", health.json().getString("status"), path + ": " + health);
        }
        Reply metrics = client.send(java.net.http.HttpRequest.newBuilder(client.uri("/metrics")).header("Accept", "text/plain").GET());
        assertEquals(200, metrics.status(), metrics::toString);
        assertTrue(metrics.body().contains("# TYPE"), "Prometheus text: " + metrics.body().substring(0, Math.min(300, metrics.body().length())));
        report.append("GET /health: ").append(client.get("/health", null).body()).append('\n');
    }
}
