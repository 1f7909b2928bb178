package dev.jakartamcp.it;

import dev.jakartamcp.it.AuthClient.Reply;
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

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static dev.jakartamcp.it.AuthClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The validated token is the container's caller: while a tool runs, {@code HttpServletRequest},
 * {@code jakarta.security.enterprise.SecurityContext} and an EJB's container security see the token's subject and
 * its permissions as groups; a JAX-RS resource of the same WAR authenticated by bearer token sees the same. With
 * {@code mcp.auth.expose-raw-token=true} tool code may read the raw token (AuthIT checks it may not by default).
 * Fixture: {@code dev.jakartamcp.it.identity}.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class ContainerIdentityIT extends AuthorizedIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        authorizationServers();
        return McpDeployments.product(as.deploymentConfig(Map.of("mcp.auth.expose-raw-token", "true",
                        "mcp.tools.late_identity.timeout", "PT1S")))
                .addPackage("dev.jakartamcp.it.identity");
    }

    static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    static JsonObject identity(Reply reply) {
        return parse(AuthAssertions.toolText(reply));
    }

    @Test
    void theCallerOfAToolIsTheContainersCallerInBothEras() {
        String alice = token("alice", "channels:read", "recordings:write");
        JsonObject expected = Json.createObjectBuilder()
                .add("principal", "alice")
                .add("principalIsJsonWebToken", true)
                .add("remoteUser", "alice")
                .add("requestInRoleRead", true)
                .add("requestInRoleWrite", true)
                .add("securityContextCaller", "alice")
                .add("securityContextTokens", 1)
                .add("securityContextTokenSubject", "alice")
                .add("securityContextInRoleRead", true)
                .add("ejbRead", "read")
                .add("ejbWrite", "write")
                .add("ejbWho", "alice|alice|true")
                .add("rawTokenLength", alice.length())
                .build();
        AuthClient client = client();
        assertEquals(expected, identity(client.modernCall(bearer(alice), "container_identity", JsonValue.EMPTY_JSON_OBJECT)));
        String session = client.openSession(bearer(alice));
        assertEquals(expected, identity(client.legacyCall(bearer(alice), session, "container_identity", JsonValue.EMPTY_JSON_OBJECT)));
    }

    /** A permission only a CDI tool requires is a role the container knows, on every server (README, Authorization). */
    @Test
    void aPermissionOnlyACdiToolRequiresIsAContainerRole() {
        String carol = token("carol", "identity:cdi-only");
        JsonObject expected = Json.createObjectBuilder().add("requestInRole", true).add("securityContextInRole", true).build();
        AuthClient client = client();
        assertEquals(expected, identity(client.modernCall(bearer(carol), "cdi_only_role", JsonValue.EMPTY_JSON_OBJECT)));
        String session = client.openSession(bearer(carol));
        assertEquals(expected, identity(client.legacyCall(bearer(carol), session, "cdi_only_role", JsonValue.EMPTY_JSON_OBJECT)));
    }

    @Test
    void permissionsTheTokenLacksAreNoContainerRoles() {
        String bob = token("bob", "channels:read");
        JsonObject seen = identity(client().modernCall(bearer(bob), "container_identity", JsonValue.EMPTY_JSON_OBJECT));
        assertEquals("bob", seen.getString("principal"));
        assertEquals(true, seen.getBoolean("requestInRoleRead"));
        assertEquals(false, seen.getBoolean("requestInRoleWrite"));
        assertEquals("read", seen.getString("ejbRead"));
        assertEquals("denied", seen.getString("ejbWrite"), "the EJB container denies what the token does not grant");
    }

    /**
     * A tool that runs past its deadline and only then, its answer gone and the container free to reuse the request
     * objects for others, looks at its caller: its token is still its own caller's, the request itself is refused,
     * and it never sees the other caller whose requests run meanwhile.
     */
    @Test
    void workOutlivingItsAnswerSeesItsOwnCallerNeverAnothers() throws Exception {
        AuthClient client = client();
        String alice = token("alice", "channels:read");
        String bob = token("bob", "channels:read");
        String marker = java.util.UUID.randomUUID().toString();
        Reply late = client.modernCall(bearer(alice), "late_identity", Json.createObjectBuilder().add("marker", marker).build());
        assertEquals(200, late.status(), late::toString);
        assertEquals(-31504, parse(late.body()).getJsonObject("error").getInt("code"), late::toString);

        long until = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        int bobs = 0;
        String seen;
        do {
            JsonObject other = identity(client.modernCall(bearer(bob), "container_identity", JsonValue.EMPTY_JSON_OBJECT));
            assertEquals("bob", other.getString("principal"));
            bobs++;
            seen = AuthAssertions.toolText(client.modernCall(bearer(alice), "late_identity_seen", Json.createObjectBuilder().add("marker", marker).build()));
        } while (seen.equals("nothing yet") && System.nanoTime() < until);
        System.out.printf("ContainerIdentityIT: %d calls of another caller while the late tool ran; it saw: %s%n", bobs, seen);
        assertEquals("alice refused", seen);
    }

    /**
     * Items on a stateless session bean: the EJB container rethrows their {@code ToolException} and
     * {@code ResourceNotFoundException} in an {@code EJBException}; the client still gets the tool error with its message
     * and "resource not found" (-32002 in a 2025-11-25 session, -32602 in 2026-07-28), not a failure under a reference.
     */
    @Test
    void whatItemsOnASessionBeanThrowIsAnsweredAsTheirs() {
        AuthClient client = client();
        String alice = bearer(token("alice", "channels:read"));
        String session = client.openSession(alice);
        JsonObject monday = Json.createObjectBuilder().add("day", "monday").build();
        JsonObject sunday = Json.createObjectBuilder().add("day", "sunday").build();
        assertEquals("LH 714 on monday", AuthAssertions.toolText(client.modernCall(alice, "ejb_flight", monday)));
        for (Reply noFlight : List.of(client.modernCall(alice, "ejb_flight", sunday), client.legacyCall(alice, session, "ejb_flight", sunday))) {
            assertEquals(200, noFlight.status(), noFlight::toString);
            JsonObject result = noFlight.json().getJsonObject("result");
            assertEquals(true, result.getBoolean("isError"), noFlight::toString);
            assertEquals("No flight on sunday", result.getJsonArray("content").getJsonObject(0).getString("text"), noFlight::toString);
        }

        JsonObject known = Json.createObjectBuilder().add("uri", "ejb://orders/7").build();
        JsonObject unknown = Json.createObjectBuilder().add("uri", "ejb://orders/8").build();
        Reply read = client.legacy(alice, session, "resources/read", known);
        assertEquals("order 7", read.json().getJsonObject("result").getJsonArray("contents").getJsonObject(0).getString("text"), read::toString);
        Map<Integer, Reply> notFound = Map.of(-32002, client.legacy(alice, session, "resources/read", unknown),
                -32602, client.modern(alice, "resources/read", unknown));
        notFound.forEach((code, reply) -> {
            assertEquals(200, reply.status(), reply::toString);
            JsonObject error = reply.json().getJsonObject("error");
            assertEquals(List.of(code, "Resource not found: ejb://orders/8", "ejb://orders/8"),
                    List.of(error.getInt("code"), error.getString("message"), error.getJsonObject("data").getString("uri")), reply::toString);
        });
    }

    @Test
    void jaxRsResourcesOfTheSameWarSeeTheSameCaller() {
        AuthClient client = client();
        Reply alice = client.get("/api/identity", bearer(token("alice", "channels:read", "recordings:write")));
        assertEquals(200, alice.status(), alice::toString);
        assertEquals(Json.createObjectBuilder().add("principal", "alice").add("principalIsJsonWebToken", true)
                .add("inRoleRead", true).add("inRoleWrite", true).build(), parse(alice.body()));

        Reply bobWrites = client.get("/api/identity/write", bearer(token("bob", "channels:read")));
        assertEquals(403, bobWrites.status(), bobWrites::toString);
        Reply aliceWrites = client.get("/api/identity/write", bearer(token("alice", "recordings:write")));
        assertEquals(200, aliceWrites.status(), aliceWrites::toString);
        assertEquals("written", aliceWrites.body());

        Reply anonymous = client.get("/api/identity", null);
        assertEquals(200, anonymous.status(), anonymous::toString);
        assertEquals("null", parse(anonymous.body()).getString("principal"), "no token: the container's anonymous caller");
        String callsBefore = client.get("/api/identity/calls", null).body();
        Reply forged = client.get("/api/identity", bearer("not.a.token"));
        assertEquals(401, forged.status(), "a bearer token that does not validate is refused on every path: " + forged);
        // and the resource did not run behind the 401 (Liberty ran it, as the unauthenticated caller)
        assertEquals(callsBefore, client.get("/api/identity/calls", null).body());
    }
}
