package dev.jakartamcp.it;

import dev.jakartamcp.it.AuthClient.Reply;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static dev.jakartamcp.it.AuthClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With authorization off the operations API is refused, never open: 403 as JSON, with or without a token (no token can
 * be validated). The protected resource metadata does not exist then: 404 as JSON.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class OperationsAuthOffIT extends EndpointIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpDeployments.product(Map.of());
    }

    @Test
    void theOperationsApiIsRefusedWithAuthorizationOff() {
        for (String path : List.of("/mcp-admin/tools", "/mcp-admin/settings", "/mcp-admin/status", "/mcp-admin/sessions", "/mcp-admin/tasks")) {
            for (String authorization : new String[] {null, bearer("any.token.at-all")}) {
                assertRefused(client().get(path, authorization));
            }
        }
    }

    @Test
    void noSessionOrTaskCanBeEndedWithAuthorizationOff() {
        String session = client().openSession(null);
        for (String path : List.of("/mcp-admin/sessions/" + session, "/mcp-admin/sessions?subject=", "/mcp-admin/tasks?subject=x")) {
            HttpRequest.Builder delete = HttpRequest.newBuilder(client().uri(path)).DELETE();
            assertRefused(client().send(delete));
        }
        assertEquals(200, client().legacy(null, session, "tools/list", McpHttpClient.obj()).status(), "the session goes on");
        client().deleteSession(null, session);
    }

    private static void assertRefused(Reply reply) {
        assertEquals(403, reply.status(), reply::toString);
        assertTrue(String.valueOf(reply.header("Content-Type")).startsWith("application/json"), reply::toString);
        assertEquals("forbidden", reply.json().getString("error"));
        assertTrue(reply.json().getString("error_description").contains("mcp.auth.enabled=true"), reply::toString);
    }

    @Test
    void thereIsNoProtectedResourceMetadataWithAuthorizationOff() {
        for (String path : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
            Reply reply = client().get(path, null);
            assertEquals(404, reply.status(), reply::toString);
            assertEquals("not_found", reply.json().getString("error"), reply::toString);
        }
    }
}
