package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.McpSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CORS decisions of {@link CorsFilter}; the end-to-end tests check the same against a running server. */
class CorsFilterTest {
    static final String INSPECTOR = "http://localhost:6274";

    @Test
    void requestsWithoutOriginPassUntouched() throws Exception {
        Exchange exchange = run("POST", "/mcp", Map.of("Host", "127.0.0.1:8080"));
        assertTrue(exchange.chained);
        assertTrue(exchange.headers.isEmpty(), exchange.headers.toString());
    }

    @Test
    void preflightFromAnAllowedOriginIsAnsweredWithoutAToken() throws Exception {
        Exchange exchange = run("OPTIONS", "/mcp", Map.of("Host", "127.0.0.1:8080", "Origin", INSPECTOR,
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type, mcp-protocol-version,mcp-session-id"));
        assertFalse(exchange.chained, "a preflight never reaches the bearer token filter or the endpoint");
        assertEquals(204, exchange.status);
        assertEquals(INSPECTOR, exchange.header("Access-Control-Allow-Origin"));
        assertEquals("GET, POST, DELETE, OPTIONS", exchange.header("Access-Control-Allow-Methods"));
        assertEquals("authorization,content-type, mcp-protocol-version,mcp-session-id", exchange.header("Access-Control-Allow-Headers"));
        assertEquals("600", exchange.header("Access-Control-Max-Age"));
        assertEquals("Origin", exchange.header("Vary"));
        assertNull(exchange.header("Access-Control-Allow-Credentials"), "bearer tokens, not cookies");
    }

    @Test
    void preflightFromAnotherOriginIsRefused() throws Exception {
        Exchange exchange = run("OPTIONS", "/mcp", Map.of("Host", "127.0.0.1:8080", "Origin", "http://evil.example",
                "Access-Control-Request-Method", "POST"));
        assertFalse(exchange.chained);
        assertEquals(403, exchange.status);
        assertNull(exchange.header("Access-Control-Allow-Origin"));
    }

    @Test
    void responsesToAnAllowedOriginExposeTheChallengeAndSessionHeaders() throws Exception {
        Exchange exchange = run("POST", "/mcp", Map.of("Host", "127.0.0.1:8080", "Origin", INSPECTOR));
        assertTrue(exchange.chained);
        assertEquals(INSPECTOR, exchange.header("Access-Control-Allow-Origin"));
        assertEquals("WWW-Authenticate, Mcp-Session-Id, MCP-Protocol-Version, Retry-After", exchange.header("Access-Control-Expose-Headers"),
                "Retry-After too: a browser's script cannot read it otherwise");
    }

    @Test
    void sameOriginIsAlwaysAllowed() throws Exception {
        Exchange exchange = run("OPTIONS", "/mcp", Map.of("Host", "127.0.0.1:9090", "Origin", "http://127.0.0.1:9090",
                "Access-Control-Request-Method", "DELETE"));
        assertEquals(204, exchange.status);
        assertEquals("http://127.0.0.1:9090", exchange.header("Access-Control-Allow-Origin"));
    }

    @Test
    void otherOriginsGetNoCorsHeadersAndAreLeftToTheEndpointsOriginCheck() throws Exception {
        Exchange exchange = run("POST", "/mcp", Map.of("Host", "127.0.0.1:8080", "Origin", "http://evil.example"));
        assertTrue(exchange.chained);
        assertNull(exchange.header("Access-Control-Allow-Origin"));
    }

    @Test
    void metadataPreflightsAreAllowedFromAnyOrigin() throws Exception {
        Exchange exchange = run("OPTIONS", "/.well-known/oauth-protected-resource", Map.of("Host", "127.0.0.1:8080",
                "Origin", "http://elsewhere.example", "Access-Control-Request-Method", "GET",
                "Access-Control-Request-Headers", "mcp-protocol-version"));
        assertEquals(204, exchange.status);
        assertEquals("*", exchange.header("Access-Control-Allow-Origin"));
        assertEquals("GET, OPTIONS", exchange.header("Access-Control-Allow-Methods"));
        assertEquals("mcp-protocol-version", exchange.header("Access-Control-Allow-Headers"));
    }

    /**
     * The metadata is public and cached for minutes: it allows any origin whether the request names one or not, so that
     * a copy a request without Origin left in a cache (a CLI's, a monitor's) still serves a browser's discovery.
     */
    @Test
    void theMetadataAllowsAnyOriginAlsoToARequestWithoutOne() throws Exception {
        for (String path : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
            Exchange exchange = run("GET", path, Map.of("Host", "127.0.0.1:8080"));
            assertTrue(exchange.chained);
            assertEquals("*", exchange.header("Access-Control-Allow-Origin"), path);
        }
        assertNull(run("POST", "/mcp", Map.of("Host", "127.0.0.1:8080")).header("Access-Control-Allow-Origin"), "not the endpoint");
    }

    @Test
    void requestedHeadersThatAreNotHeaderNamesAreNotEchoed() throws Exception {
        Exchange exchange = run("OPTIONS", "/mcp", Map.of("Host", "127.0.0.1:8080", "Origin", INSPECTOR,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization\r\nSet-Cookie: x=y"));
        assertEquals(204, exchange.status);
        assertNull(exchange.header("Access-Control-Allow-Headers"));
    }

    // ---------------------------------------------------------------------------------------------------------------

    static final class Exchange {
        int status = 200;
        final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        boolean chained;

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(", ", values);
        }
    }

    private static Exchange run(String method, String servletPath, Map<String, String> requestHeaders) throws Exception {
        Map<String, String> incoming = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        incoming.putAll(requestHeaders);
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(CorsFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getServletPath" -> servletPath;
                    case "getHeader" -> incoming.get((String) args[0]);
                    case "getHeaders" -> java.util.Collections.enumeration(
                            incoming.containsKey((String) args[0]) ? List.of(incoming.get((String) args[0])) : List.<String>of());
                    case "getLocalAddr" -> "127.0.0.1";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        Exchange exchange = new Exchange();
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(CorsFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus" -> exchange.status = (Integer) args[0];
                        case "setHeader" -> exchange.headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                        case "addHeader" -> exchange.headers.computeIfAbsent((String) args[0], k -> new ArrayList<>()).add((String) args[1]);
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
        FilterChain chain = (req, res) -> exchange.chained = true;
        CorsFilter filter = new CorsFilter();
        filter.checks = new HttpChecks();
        filter.checks.settings = new McpSettings() {
            @Override
            public java.util.Optional<String> string(String key) {
                return java.util.Optional.empty(); // defaults, no MicroProfile Config in a unit test
            }

            @Override
            public List<String> allowedOrigins() {
                return List.of(INSPECTOR);
            }
        };
        filter.doFilter(request, response, chain);
        return exchange;
    }
}
