package dev.jakartamcp.security;

import dev.jakartamcp.protocol.McpSettings;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which URL the metadata and the challenges name: always {@code mcp.resource}, the one audience tokens are accepted
 * for, and a metadata URL derived from it alone. Nothing comes from the request's Host or scheme, which the client
 * chooses (and which a TLS-terminating or path-rewriting proxy changes), while the document is cached publicly.
 */
class ResourceUrlTest {

    @Test
    void atTheRootTheMetadataIsAtTheRfc9728LocationOfTheResource() {
        assertEquals("https://mcp.example.com/.well-known/oauth-protected-resource/mcp",
                ResourceServer.metadataUrl("https://mcp.example.com/mcp", ""));
        assertEquals("https://mcp.example.com/.well-known/oauth-protected-resource/mcp",
                ResourceServer.metadataUrl("https://mcp.example.com/mcp", "/"));
    }

    @Test
    void outsideTheRootWithTheResourceAtThisWarsEndpointTheMetadataIsTheCopyInsideTheContext() {
        assertEquals("https://mcp.example.com/tv/.well-known/oauth-protected-resource/mcp",
                ResourceServer.metadataUrl("https://mcp.example.com/tv/mcp", "/tv"));
    }

    /** A proxy that maps https://mcp.example.com/mcp to /app/mcp: the RFC 9728 location, which it routes to the WAR. */
    @Test
    void outsideTheRootWithTheResourceElsewhereTheMetadataIsAtTheRfc9728LocationOfTheResource() {
        assertEquals("https://mcp.example.com/.well-known/oauth-protected-resource/mcp",
                ResourceServer.metadataUrl("https://mcp.example.com/mcp", "/app"));
        assertEquals("https://mcp.example.com/.well-known/oauth-protected-resource/x/mcp",
                ResourceServer.metadataUrl("https://mcp.example.com/x/mcp", "/app"));
    }

    /** The audit's case: WAR at /app, mcp.resource elsewhere, a request with Host evil.example. */
    @Test
    void aRequestsHostNeverReachesTheMetadataOrTheChallenge() {
        ResourceServer server = server(Map.of(
                "mp.jwt.verify.issuer", "https://idp.example.com",
                "mp.jwt.verify.publickey.location", "https://idp.example.com/jwks",
                "mcp.resource", "https://mcp.example.com/mcp",
                "mcp.auth.scopes-supported", "channels:read"));
        for (String host : new String[] {"evil.example", "mcp.example.com", "bad host", "h/x", null}) {
            HttpServletRequest request = request("/app", host);
            assertEquals("https://mcp.example.com/.well-known/oauth-protected-resource/mcp", server.metadataUrlFor(request), host);
        }
        assertEquals("https://mcp.example.com/mcp", server.metadata().toJson().getString("resource"));
        assertEquals(server.settings().resource(), server.metadata().resource());
        assertTrue(server.settings().audiences().contains(server.metadata().resource()), "the advertised resource is accepted");
    }

    private static ResourceServer server(Map<String, String> config) {
        ResourceServer server = new ResourceServer();
        server.config = new McpSettings() {
            @Override
            public Optional<String> string(String key) {
                return Optional.ofNullable(config.get(key));
            }
        };
        server.init();
        return server;
    }

    private static HttpServletRequest request(String contextPath, String host) {
        return (HttpServletRequest) Proxy.newProxyInstance(ResourceUrlTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContextPath" -> contextPath;
                    case "getHeader" -> "Host".equalsIgnoreCase((String) args[0]) ? host : null;
                    case "getScheme" -> "http";
                    case "getServerName" -> host;
                    case "getServerPort" -> 80;
                    default -> null;
                });
    }
}
