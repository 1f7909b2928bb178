package dev.jakartamcp.security;

import dev.jakartamcp.protocol.Caller;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Authenticates every request to the MCP endpoint by its bearer token, before the endpoint sees it. The token is
 * taken from the Authorization header only; a token in the query string is refused. A valid token becomes the
 * request's {@link Caller}; a missing or rejected one gets a 401 with a {@code WWW-Authenticate} challenge that
 * points the client at the protected resource metadata. CORS preflight requests pass without a token.
 */
@WebFilter(urlPatterns = "/mcp", asyncSupported = true)
public class BearerTokenFilter extends HttpFilter {
    public static final String TOKEN_ATTRIBUTE = "dev.jakartamcp.token";

    @Inject
    ResourceServer server;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!server.enabled() || isPreflight(request)) {
            chain.doFilter(request, response);
            return;
        }
        String query = request.getQueryString();
        if (query != null && query.toLowerCase(Locale.ROOT).matches("(^|.*&)access_token=.*")) {
            refuse(response, 400, BearerChallenge.invalidToken(server.metadataUrlFor(request), server.scopesSupported(),
                    "access tokens are accepted in the Authorization header only"), "invalid_request");
            return;
        }
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        if (headers.size() > 1) {
            refuse(response, 400, BearerChallenge.invalidToken(server.metadataUrlFor(request), server.scopesSupported(),
                    "more than one Authorization header"), "invalid_request");
            return;
        }
        String token = headers.isEmpty() ? null : bearerToken(headers.get(0));
        if (token == null) {
            refuse(response, 401, BearerChallenge.missingToken(server.metadataUrlFor(request), server.scopesSupported()), null);
            return;
        }
        VerifiedToken verified;
        try {
            verified = server.validate(token);
        } catch (TokenRejectedException e) {
            if (e.reason() == TokenRejectedException.Reason.KEYS_UNAVAILABLE) {
                response.setHeader("Retry-After", "30");
                writeJson(response, 503, "{\"error\":\"temporarily_unavailable\",\"error_description\":\"the authorization server's signing keys cannot be fetched\"}");
                return;
            }
            refuse(response, 401, BearerChallenge.invalidToken(server.metadataUrlFor(request), server.scopesSupported(), e), null);
            return;
        }
        request.setAttribute(Caller.REQUEST_ATTRIBUTE, new Caller(verified.issuer(), verified.subject(), verified.roles(), verified.claims()));
        request.setAttribute(TOKEN_ATTRIBUTE, verified);
        chain.doFilter(request, response);
    }

    static boolean isPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null;
    }

    static String bearerToken(String header) {
        String value = header.trim();
        if (value.length() < 7 || !value.substring(0, 7).equalsIgnoreCase("Bearer ")) {
            return null;
        }
        String token = value.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static void refuse(HttpServletResponse response, int status, BearerChallenge challenge, String overrideError) throws IOException {
        String header = challenge.headerValue();
        String body = challenge.jsonBody().toString();
        if (overrideError != null) {
            header = header.replace("error=\"invalid_token\"", "error=\"" + overrideError + "\"");
            body = body.replace("\"invalid_token\"", "\"" + overrideError + "\"");
        }
        response.setHeader("WWW-Authenticate", header);
        writeJson(response, status, body);
    }

    private static void writeJson(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
