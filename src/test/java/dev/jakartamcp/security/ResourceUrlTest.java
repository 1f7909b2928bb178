package dev.jakartamcp.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which URL the metadata and the challenges name as the resource: {@code mcp.resource} whenever it is this WAR's
 * {@code /mcp} (what an operator sets behind a TLS-terminating proxy, whose requests reach the server as http with
 * the public Host), the URL the client requested only for a WAR outside the root whose {@code mcp.resource} is
 * elsewhere.
 */
class ResourceUrlTest {

    @Test
    void atTheRootItIsTheConfiguredResource() {
        assertEquals("https://mcp.example.com/mcp", ResourceServer.resourceFor("https://mcp.example.com/mcp", "", () -> "http://internal:8080"));
    }

    @Test
    void outsideTheRootTheConfiguredPublicUrlOfThisWarWins() {
        assertEquals("https://mcp.example.com/tv/mcp",
                ResourceServer.resourceFor("https://mcp.example.com/tv/mcp", "/tv", () -> "http://mcp.example.com"));
    }

    @Test
    void outsideTheRootWithAResourceElsewhereItIsTheRequestedUrl() {
        assertEquals("http://127.0.0.1:8080/tv/mcp",
                ResourceServer.resourceFor("http://127.0.0.1:8080/mcp", "/tv", () -> "http://127.0.0.1:8080"));
    }

    @Test
    void aMalformedRequestedUrlFallsBackToTheConfiguredOrigin() {
        assertEquals("http://127.0.0.1:8080/tv/mcp",
                ResourceServer.resourceFor("http://127.0.0.1:8080/mcp", "/tv", () -> "http://bad host"));
    }

    /**
     * A Host the container passes on but no URL can hold (paths other than /mcp check no Host) still gives a metadata
     * URL this WAR serves: the fallback is inside the context, where urlWithinContext refuses anything else, so every
     * 401 and 403 of the WAR (the mechanism's, the operations API's) became a 500 with a stack trace in the log.
     */
    @Test
    void aMalformedHostStillGivesAMetadataUrlWithinTheContext() {
        for (String origin : new String[] {"http://bad host", "http://a_b", "http://[::1", "http://h?", "http://h#",
                "http://h/x", "http://u@h", "http://h:8080?q", "http://h/"}) {
            assertEquals("http://127.0.0.1:8080/tv/.well-known/oauth-protected-resource/mcp",
                    ProtectedResourceMetadata.urlWithinContext(
                            ResourceServer.resourceFor("http://127.0.0.1:8080/mcp", "/tv", () -> origin), "/tv"), origin);
        }
    }
}
