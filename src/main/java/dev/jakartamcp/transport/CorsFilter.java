package dev.jakartamcp.transport;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CORS for browser-based MCP clients (MCP Inspector's web UI on {@code http://localhost:6274}, web apps).
 *
 * <p>On the MCP endpoint an origin is allowed when {@link HttpChecks#isAllowedOrigin} says so (the same rule the
 * endpoint applies: listed in {@code mcp.allowed-origins}, {@code *} for any well-formed origin; the origin of
 * {@code mcp.resource}; or the server's own origin under a Host name that passes the Host rule; never {@code null}),
 * and the request carries exactly one Origin header. For an allowed origin:
 * <ul>
 *   <li>a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered here, 204, without
 *       authentication: the methods of the endpoint and the request headers the browser asked for;</li>
 *   <li>every other response, including the 401/403 bearer challenges, carries {@code Access-Control-Allow-Origin}
 *       and exposes {@code WWW-Authenticate}, {@code Mcp-Session-Id} and {@code MCP-Protocol-Version}, so that a
 *       script can read the challenge and keep its session.</li>
 * </ul>
 * A preflight from any other origin gets 403 without CORS headers; other requests from it are refused by the
 * endpoint's origin check. The protected resource metadata is public: its preflights are allowed for any origin.
 *
 * <p>This filter must run before {@code BearerTokenFilter}: WEB-INF/web.xml orders the two.
 */
public class CorsFilter extends HttpFilter {
    static final String ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
    static final String MAX_AGE = "600";
    /** A comma-separated list of header field names (RFC 9110 tokens). */
    private static final Pattern HEADER_LIST = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+(\\s*,\\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*");

    @Inject
    HttpChecks checks;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        List<String> origins = HttpChecks.values(request, "Origin");
        boolean metadata = !request.getServletPath().equals("/mcp");
        if (origins.isEmpty()) {
            if (metadata) {
                // public, and cached for minutes: the copy a request without Origin leaves in a cache serves browsers too
                response.setHeader("Access-Control-Allow-Origin", "*");
            }
            chain.doFilter(request, response);
            return;
        }
        String origin = origins.get(0);
        boolean allowed = metadata || origins.size() == 1 && checks.isAllowedOrigin(origin, request);
        response.addHeader("Vary", "Origin");
        if (isPreflight(request)) {
            if (!allowed) {
                response.setStatus(403);
                return;
            }
            response.setHeader("Access-Control-Allow-Origin", metadata ? "*" : origin);
            response.setHeader("Access-Control-Allow-Methods", metadata ? "GET, OPTIONS" : ALLOWED_METHODS);
            String requested = request.getHeader("Access-Control-Request-Headers");
            if (requested != null && HEADER_LIST.matcher(requested.trim()).matches()) {
                response.setHeader("Access-Control-Allow-Headers", requested.trim());
            }
            response.setHeader("Access-Control-Max-Age", MAX_AGE);
            response.setStatus(204);
            return;
        }
        if (allowed) {
            response.setHeader("Access-Control-Allow-Origin", metadata ? "*" : origin);
            response.setHeader("Access-Control-Expose-Headers", CorsHeaders.EXPOSED_HEADERS);
        }
        chain.doFilter(request, response);
    }

    static boolean isPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null;
    }
}
