package dev.jakartamcp.it;

import dev.jakartamcp.it.AuthClient.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static dev.jakartamcp.it.AuthAssertions.assertAccepted;
import static dev.jakartamcp.it.AuthAssertions.assertToolText;
import static dev.jakartamcp.it.AuthClient.bearer;
import static dev.jakartamcp.it.AuthServers.RESOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operator settings, on a second deployment: {@code mcp.tools.record_program.roles} changes what the tool needs,
 * {@code mcp.auth.scopes-supported} replaces the derived scopes, {@code mcp.auth.roles-claims} narrows where
 * permissions are read from. The issuer's JWKS endpoint is down when the deployment takes its first request.
 *
 * <p>This WAR is deployed at context root {@value #CONTEXT}, not "/", with {@code mcp.resource} elsewhere
 * ({@code https://mcp.test/mcp}, as behind a proxy that rewrites paths): the metadata it serves at
 * {@code /tv/.well-known/oauth-protected-resource/mcp} and every challenge name that resource and its RFC 9728
 * location, the audience tokens carry, never a URL made from the request's Host.
 */
@Tag("all-servers")
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthOverrideIT extends AuthorizedIT {
    static final String CONTEXT = "/tv";
    static final String CONFIGURED_SCOPES = "mcp:tools channels:read recordings:admin";
    static final JsonObject RECORDING = Json.createObjectBuilder()
            .add("channel", "ETV").add("start", "2026-12-31T23:45:00+09:00").build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        if (as == null) {
            authorizationServers().jwksDown(true);
        }
        WebArchive product = McpDeployments.product(as.deploymentConfig(Map.of(
                "mcp.tools.record_program.roles", "recordings:admin",
                "mcp.auth.scopes-supported", "mcp:tools, channels:read, recordings:admin",
                "mcp.auth.roles-claims", "permissions")));
        return ShrinkWrap.create(WebArchive.class, CONTEXT.substring(1) + ".war").merge(product);
    }

    @Override
    AuthClient client() {
        return new AuthClient(origin() + CONTEXT);
    }

    AuthAssertions expect() {
        return new AuthAssertions(AuthServers.METADATA_URL, CONFIGURED_SCOPES);
    }

    /**
     * The first token arrives while the JWKS endpoint is down and nothing is cached: 503 with Retry-After (the
     * server's problem, not the token's); a request without a token is still a 401. Once the endpoint is back, the
     * next fetch (after the refresh interval) lets the same token in.
     */
    @Test
    @Order(1)
    void jwksUnreachableBeforeFirstFetch() throws InterruptedException {
        String token = as.issueWithPermissions("alice", "channels:read");
        try {
            Reply reply = client().modernToolsList(bearer(token));
            assertEquals(503, reply.status(), reply::toString);
            assertEquals("30", reply.header("Retry-After"));
            assertNull(reply.header("WWW-Authenticate"), reply::toString);
            assertEquals("temporarily_unavailable", reply.json().getString("error"));
            assertTrue(as.jwksFetches() >= 1);
            expect().assertMissingToken(client().modernToolsList(null));
        } finally {
            as.jwksDown(false);
        }
        as.awaitRefreshAllowed();
        assertAccepted(client().modernToolsList(bearer(token)));
    }

    @Test
    @Order(2)
    void operatorOverrideChangesToolRequirement() {
        String writer = as.issueWithPermissions("alice", "channels:read", "recordings:write");
        AuthClient client = client();
        assertEquals(List.of("get_channels"), client.modernToolsList(bearer(writer)).toolNames());
        expect().assertInsufficientScope(client.modernCall(bearer(writer), "record_program", RECORDING), "record_program", "recordings:admin");
        String session = client.openSession(bearer(writer));
        expect().assertInsufficientScope(client.legacyCall(bearer(writer), session, "record_program", RECORDING), "record_program", "recordings:admin");

        String admin = as.issueWithPermissions("root", "recordings:admin");
        assertEquals(List.of("record_program"), client.modernToolsList(bearer(admin)).toolNames());
        assertToolText(client.modernCall(bearer(admin), "record_program", RECORDING), "Recording scheduled: ETV at 2026-12-31T23:45+09:00");
    }

    @Test
    @Order(3)
    void configuredScopesSupportedInMetadataAndChallenges() {
        JsonObject expected = Json.createObjectBuilder()
                .add("resource", RESOURCE)
                .add("authorization_servers", Json.createArrayBuilder().add(as.issuer()))
                .add("scopes_supported", Json.createArrayBuilder().add("mcp:tools").add("channels:read").add("recordings:admin"))
                .add("bearer_methods_supported", Json.createArrayBuilder().add("header"))
                .add("resource_name", "Jakarta MCP Server")
                .build();
        for (String path : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
            Reply reply = client().get(path, null);
            assertEquals(200, reply.status(), reply::toString);
            assertEquals(expected, reply.json());
        }
        expect().assertMissingToken(client().modernToolsList(null));
        expect().assertInvalidToken(client().modernToolsList(bearer("abc.def.ghi")), "malformed token");
        expect().assertInvalidToken(client().modernToolsList(bearer(as.rs256("alice", c -> c.audience("https://other.example/mcp")))),
                "audience mismatch");
        expect().assertInvalidRequest(client().send(client().post("/mcp?access_token=x", null,
                client().request("tools/list", JsonValue.EMPTY_JSON_OBJECT))), "access tokens are accepted in the Authorization header only");
    }

    /** With {@code mcp.auth.roles-claims=permissions}, granted scopes in {@code scope} or {@code scp} grant nothing. */
    @Test
    @Order(4)
    void rolesClaimsNarrowed() {
        String scopeOnly = as.issue("erin", "JWT", List.of(RESOURCE), Map.of(
                "scope", "channels:read recordings:admin", "scp", "channels:read"), 300);
        AuthClient client = client();
        assertEquals(List.of(), client.modernToolsList(bearer(scopeOnly)).toolNames());
        expect().assertInsufficientScope(client.modernCall(bearer(scopeOnly), "get_channels",
                Json.createObjectBuilder().add("location", "Osaka").build()), "get_channels", "channels:read");
        String session = client.openSession(bearer(scopeOnly));
        assertEquals(List.of(), client.legacy(bearer(scopeOnly), session, "tools/list", JsonValue.EMPTY_JSON_OBJECT).toolNames());
    }

    /**
     * Outside context root "/" the challenge's metadata URL was once built from the Host header; a Host that is no
     * valid URL host made that throw, and the container answered with its error page (500). The Host check comes first.
     */
    @Test
    @Order(5)
    void aMalformedHostOutsideTheRootContextIsRefusedWithJson() {
        McpHttpClient raw = new McpHttpClient(java.net.URI.create(origin() + CONTEXT + "/mcp"));
        List<String> answers = new java.util.ArrayList<>();
        for (String host : List.of("bad\"host", "a^b", "[::1")) {
            McpHttpClient.Reply reply = raw.raw("POST", Map.of("Host", host, "Content-Type", "application/json",
                    "Accept", "application/json, text/event-stream"), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            // the WAR's refusal with its JSON, on every server (each lets these Host values through to it)
            assertEquals(403, reply.status(), host + ": " + reply);
            assertTrue(reply.contentType().startsWith("application/json"), host + ": " + reply);
            assertEquals(-32600, reply.object().getJsonObject("error").getInt("code"), reply::toString);
            assertTrue(reply.object().getJsonObject("error").getString("message").startsWith("Forbidden: Host "), reply::toString);
            answers.add(host + " " + reply.status());
        }
        System.out.println("Malformed hosts outside the root context: " + answers);
        assertAccepted(client().modernToolsList(bearer(as.issueWithPermissions("alice", "channels:read"))));
    }

    /**
     * A Host that parses as a URL but puts a path, query or fragment into it ({@code h/x}, {@code h?}, {@code h#}) once
     * made a resource URL outside the context, and every 401 of the operations API a 500 with a stack trace in the log.
     * The challenge names the configured resource's metadata, whatever the Host (Payara Micro 6 and 7); Open Liberty
     * answers 404 to a Host with a path, which no virtual host has, before the WAR sees the request.
     */
    @Test
    @Order(6)
    void aHostWithAPathQueryOrFragmentStillGetsTheConfiguredChallenge() {
        McpHttpClient raw = new McpHttpClient(java.net.URI.create(origin() + CONTEXT + "/mcp-admin/status"));
        List<String> answers = new java.util.ArrayList<>();
        for (String host : List.of("h/x", "h?", "h#")) {
            McpHttpClient.Reply reply = raw.raw("GET", Map.of("Host", host), null); // raw() fails on a 500 itself
            answers.add(host + " " + reply.status());
            if ("liberty".equals(System.getProperty("arquillian.launch")) && host.equals("h/x")) {
                // Liberty refuses a Host with a path before the WAR: no virtual host has it, a 404; the challenge is not reached
                assertEquals(404, reply.status(), host + ": " + reply);
            } else {
                assertEquals(401, reply.status(), host + ": " + reply);
                assertTrue(reply.contentType().startsWith("application/json"), host + ": " + reply);
                String challenge = reply.header("WWW-Authenticate").orElse("");
                assertTrue(challenge.contains("resource_metadata=\"" + AuthServers.METADATA_URL + "\""), host + ": " + challenge);
            }
        }
        System.out.println("Hosts with a path, query or fragment: " + answers);
    }
}
