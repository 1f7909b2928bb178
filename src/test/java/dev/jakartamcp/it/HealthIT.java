package dev.jakartamcp.it;

import dev.jakartamcp.e2e.Http;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MicroProfile Health at the server's standard paths ({@code /health}, {@code /health/ready}, {@code /health/live}):
 * the signing keys asked for as the application starts, before any request; readiness DOWN with a reason while no signing key was ever fetched (authorization on, the JWKS answering 503), UP
 * once one was, DOWN naming the property while an override of a tool registered later does not parse, and DOWN once
 * the server drains; liveness UP throughout. Each state's output is printed (the failsafe report's output file).
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class HealthIT extends AuthorizedIT {
    private static final HttpClient HTTP = Http.client().connectTimeout(Duration.ofSeconds(10)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        authorizationServers().jwksDown(true);
        return McpDeployments.product(as.deploymentConfig(Map.of("mcp.tools.late_tool.rate-limit", "banana")))
                .addPackage("dev.jakartamcp.it.observability");
    }

    record Health(int status, JsonObject body) {
        JsonObject check(String name) {
            return body.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                    .filter(c -> name.equals(c.getString("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no check " + name + " in " + body));
        }

        String status(String check) {
            return check(check).getString("status");
        }
    }

    Health health(String path, String state) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(origin() + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("[" + state + "] GET " + path + " -> " + response.statusCode() + " " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), response::toString);
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return new Health(response.statusCode(), reader.readObject());
        }
    }

    void assertReady(Health ready) {
        assertEquals(200, ready.status(), ready::toString);
        assertEquals("UP", ready.body().getString("status"), ready::toString);
    }

    void assertUnready(Health ready, String check) {
        assertEquals(503, ready.status(), ready::toString);
        assertEquals("DOWN", ready.body().getString("status"), ready::toString);
        assertEquals("DOWN", ready.status(check), ready::toString);
    }

    @Test
    void readinessFollowsSigningKeysConfigurationAndDraining() throws Exception {
        McpHttpClient operator = withToken(token("health-operator", "obs:test"));

        // 0. the application asked for the signing keys as it started, before any request or probe (and failed)
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (as.jwksFetches() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, as.jwksFetches(), "one JWKS fetch while the application started, before any request");

        // 1. authorization on, the issuer's JWKS down since the start: no key was ever fetched
        Health ready = health("/health/ready", "no signing key");
        assertUnready(ready, "mcp-signing-keys");
        JsonObject keys = ready.check("mcp-signing-keys").getJsonObject("data");
        assertTrue(keys.getString("reason").contains("none was ever fetched"), keys::toString);
        assertTrue(keys.getString("lastError").contains("503"), keys::toString);
        assertEquals(as.jwksUri().toString(), keys.getString("jwks"), keys::toString);
        assertEquals("UP", ready.status("mcp-configuration"), ready::toString);
        assertEquals("UP", ready.status("mcp-draining"), ready::toString);
        Health live = health("/health/live", "no signing key");
        assertEquals(200, live.status(), live::toString);
        assertEquals("UP", live.status("mcp"), live::toString);
        assertEquals(503, health("/health", "no signing key").status());

        // 2. the JWKS is back: the next probe after the refresh interval fetches it
        as.jwksDown(false);
        as.awaitRefreshAllowed();
        ready = health("/health/ready", "ready");
        assertReady(ready);
        assertTrue(ready.check("mcp-signing-keys").getJsonObject("data").getString("keys").contains("test-rsa"), ready::toString);
        assertEquals(200, health("/health", "ready").status());

        // 3. a tool registered while running whose override does not parse: DOWN, naming the property
        operator.modern("tools/call").param("name", "register_late_tool").send().result();
        ready = health("/health/ready", "invalid configuration");
        assertUnready(ready, "mcp-configuration");
        JsonObject configuration = ready.check("mcp-configuration").getJsonObject("data");
        assertEquals("1", configuration.getString("problems"), configuration::toString);
        assertTrue(configuration.getString("problem1").contains("mcp.tools.late_tool.rate-limit"), configuration::toString);
        assertEquals("UP", ready.status("mcp-signing-keys"), ready::toString);
        operator.modern("tools/call").param("name", "remove_late_tool").send().result();
        assertReady(health("/health/ready", "configuration fixed"));

        // 4. draining: DOWN from then on; still alive
        operator.modern("tools/call").param("name", "start_draining").send().result();
        ready = health("/health/ready", "draining");
        assertUnready(ready, "mcp-draining");
        assertEquals("the server is draining", ready.check("mcp-draining").getJsonObject("data").getString("reason"), ready::toString);
        live = health("/health/live", "draining");
        assertEquals(200, live.status(), live::toString);
    }
}
