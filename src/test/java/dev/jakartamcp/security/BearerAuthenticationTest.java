package dev.jakartamcp.security;

import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.transport.CorsHeaders;
import dev.jakartamcp.transport.HttpChecks;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The challenge for a rejected token names what the requested path needs, as the path's own 401 for a missing token
 * does: the MCP endpoint's scopes, the operations API's {@code mcp.ops.role}, the metrics' {@code mcp.metrics.role}.
 */
class BearerAuthenticationTest {
    static final String METADATA = FakeResourceServer.METADATA;

    private final Map<String, String> config = new HashMap<>();
    private final Map<String, String> responseHeaders = new HashMap<>();
    private final List<String> audited = new java.util.ArrayList<>();
    private String requestUri;
    private int status;

    private BearerAuthentication authentication() {
        BearerAuthentication authentication = new BearerAuthentication();
        authentication.server = new FakeResourceServer() {
            @Override
            public List<String> scopesSupported() {
                return List.of("channels:read", "programs:write");
            }

            @Override
            public VerifiedToken validate(String token) throws TokenRejectedException {
                throw new TokenRejectedException(TokenRejectedException.Reason.EXPIRED);
            }
        };
        authentication.settings = new McpSettings() {
            @Override
            public Optional<String> string(String key) {
                return Optional.ofNullable(config.get(key));
            }
        };
        authentication.cors = new CorsHeaders();
        authentication.checks = new HttpChecks() {
            @Override
            public Optional<String> hostProblem(HttpServletRequest request) {
                return Optional.empty();
            }

            @Override
            public Optional<String> originProblem(HttpServletRequest request) {
                return Optional.empty();
            }
        };
        authentication.observations = new Observations() {
            @Override
            public void refused(Caller who, String what, Outcome outcome, String reason, String traceparent) {
                audited.add(what);
            }
        };
        return authentication;
    }

    private HttpServletRequest request(String servletPath, String authorization) {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "GET";
                    case "getServletPath" -> servletPath;
                    case "getRequestURI" -> requestUri != null ? requestUri : servletPath + "/settings";
                    // as the container maps it: what follows the servlet path
                    case "getPathInfo" -> requestUri != null ? (requestUri.length() > servletPath.length()
                            ? requestUri.substring(servletPath.length()) : null) : "/settings";
                    case "getRemoteAddr" -> "10.0.0.9";
                    case "getHeaders" -> Collections.enumeration("Authorization".equals(args[0]) ? List.of(authorization) : List.of());
                    default -> null;
                });
    }

    private HttpServletResponse response() {
        ServletOutputStream body = new ServletOutputStream() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                bytes.write(b);
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setHeader" -> responseHeaders.put((String) args[0], (String) args[1]);
                        case "setStatus" -> status = (Integer) args[0];
                        case "getOutputStream" -> {
                            return body;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
    }

    private String challengeFor(String servletPath) {
        BearerAuthentication.Login login = authentication().authenticate(request(servletPath, "Bearer expired.token.here"), response());
        assertTrue(login.refused());
        assertEquals(401, status);
        return responseHeaders.get("WWW-Authenticate");
    }

    @Test
    void anInvalidTokenAtTheOperationsApiIsAskedForTheOperationsPermission() {
        config.put("mcp.ops.role", "ops:read");
        assertEquals("Bearer error=\"invalid_token\", error_description=\"token expired\", resource_metadata=\"" + METADATA
                + "\", scope=\"ops:read\"", challengeFor("/mcp-admin"));
    }

    @Test
    void anInvalidTokenAtTheMetricsIsAskedForTheMetricsPermission() {
        config.put("mcp.metrics.role", "metrics:read");
        assertTrue(challengeFor("/mcp-metrics").endsWith(", scope=\"metrics:read\""), responseHeaders::toString);
    }

    /** Task ids stay out of the audit trail: a cancellation with an expired token wrote the one it named. */
    @Test
    void aTokenRefusedAtATaskIsAuditedWithoutTheTaskId() {
        requestUri = "/mcp-admin/tasks/5f0c9b2e-7d41-4d8e-9a57-3c2f1e8b6a90";
        challengeFor("/mcp-admin");
        assertEquals(List.of("GET /mcp-admin/tasks/{id}"), audited);
    }

    @Test
    void anInvalidTokenAtTheEndpointIsAskedForTheEndpointsScopes() {
        assertTrue(challengeFor("/mcp").endsWith(", scope=\"channels:read programs:write\""), responseHeaders::toString);
    }

    /**
     * A request Payara refused with its own 503 while stopping reaches the error page unauthenticated (its path is
     * public): handed on to the endpoint, it is authenticated as one to the endpoint, with the endpoint's challenge
     * and audit record.
     */
    @Test
    void aRequestAuthenticatedLateIsOneToTheEndpoint() {
        requestUri = "/.well-known/mcp-error";
        BearerAuthentication authentication = authentication();
        HttpServletRequest request = request("/.well-known/mcp-error", "Bearer expired.token.here");
        assertEquals(null, authentication.authenticate(request, response()).caller(), "the error page itself is public");
        assertEquals(List.of(), audited);

        assertFalse(authentication.authenticatedAsEndpoint(request, response()));
        assertEquals(401, status);
        assertTrue(responseHeaders.get("WWW-Authenticate").endsWith(", scope=\"channels:read programs:write\""), responseHeaders::toString);
        assertEquals(List.of("GET /mcp"), audited);
    }
}
