package dev.jakartamcp.transport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The CORS headers of a non-preflight response: for an allowed origin, {@code Access-Control-Allow-Origin} and the
 * readable MCP headers. Shared by {@link CorsFilter} and the authentication mechanism, whose 401s and 403s are
 * written before any filter runs and must still be readable by a browser-based client.
 */
@ApplicationScoped
public class CorsHeaders {
    /** What a browser's script may read of an answer: the challenge, the session, the revision, when to retry (429, 503). */
    static final String EXPOSED_HEADERS = "WWW-Authenticate, Mcp-Session-Id, MCP-Protocol-Version, Retry-After";

    @Inject
    HttpChecks checks;

    public void apply(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return;
        }
        response.addHeader("Vary", "Origin");
        boolean metadata = !"/mcp".equals(request.getServletPath());
        if (metadata || checks.isAllowedOrigin(origin, request)) {
            response.setHeader("Access-Control-Allow-Origin", metadata ? "*" : origin);
            response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }
}
