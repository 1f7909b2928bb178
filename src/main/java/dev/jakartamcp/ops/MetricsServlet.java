package dev.jakartamcp.ops;

import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.security.BearerChallenge;
import dev.jakartamcp.security.ResourceServer;
import dev.jakartamcp.transport.JsonHttpErrors;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /mcp-metrics}: the server's MCP metrics ({@link McpMetrics}) as Prometheus text, the same on every server
 * (a path of its own, so that it never collides with the servers' own {@code /metrics}). Open unless
 * {@code mcp.metrics.role} names a permission: then the scrape needs a bearer token that carries it (401 without a
 * valid token, 403 without the permission, 403 while authorization is off; each refusal audited).
 * {@code mcp.metrics.enabled=false} answers 404.
 */
@WebServlet(urlPatterns = MetricsServlet.PATH)
public class MetricsServlet extends HttpServlet {
    public static final String PATH = "/mcp-metrics";
    private static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";

    @Inject
    McpMetrics metrics;

    @Inject
    McpSettings settings;

    @Inject
    ResourceServer server;

    @Inject
    Observations observations;

    /**
     * GET and HEAD; OPTIONS answered as the MCP endpoint answers one (200, {@code Allow}, no body); any other method 405.
     * With {@code mcp.metrics.enabled=false} there is nothing here: 404 to every method.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!settings.metricsEnabled()) {
            answer(response, 404, "application/json", JsonHttpErrors.body(404, "mcp.metrics.enabled is false").toString());
            return;
        }
        switch (request.getMethod()) {
            case "GET", "HEAD" -> super.service(request, response);
            case "OPTIONS" -> {
                response.setHeader("Allow", ALLOWED_METHODS);
                response.setStatus(200);
                response.setContentLength(0);
            }
            default -> methodNotAllowed(response);
        }
    }

    /**
     * Never called ({@link #service} answers TRACE), but declared: Liberty refuses TRACE with its own HTML 403, before
     * any code of the WAR runs, on a path without a security constraint whose servlet inherits this method.
     */
    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response) throws IOException {
        methodNotAllowed(response);
    }

    private static void methodNotAllowed(HttpServletResponse response) throws IOException {
        response.setHeader("Allow", ALLOWED_METHODS);
        answer(response, 405, "application/json", JsonHttpErrors.body(405).toString());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> role = settings.metricsRole();
        if (role.isPresent()) {
            Caller caller = request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller c && !c.isAnonymous() ? c : null;
            if (caller == null || !caller.roles().contains(role.get())) {
                refuse(request, response, caller == null, role.get());
                return;
            }
        }
        answer(response, 200, PrometheusText.CONTENT_TYPE, metrics.prometheusText());
    }

    /**
     * 401 without a token (no error code, RFC 6750), 403 {@code insufficient_scope} without the role, the challenge
     * naming the protected resource metadata, as every other challenge of this server does; with authorization off 403
     * as the operations API answers then ({@link AuthorizationOff}): a 401 asked for a token no caller could send.
     */
    private void refuse(HttpServletRequest request, HttpServletResponse response, boolean anonymous, String role) throws IOException {
        String what = request.getMethod() + " " + PATH;
        if (server == null || !server.enabled()) {
            observations.refused(request, what, Outcome.DENIED, AuthorizationOff.REASON);
            answer(response, AuthorizationOff.STATUS, "application/json", AuthorizationOff.body("mcp.metrics.role").toString());
            return;
        }
        observations.refused(request, what, anonymous ? Outcome.UNAUTHENTICATED : Outcome.DENIED,
                anonymous ? "missing_token" : "insufficient_scope");
        String metadata = server.metadataUrlFor(request);
        BearerChallenge challenge = anonymous ? BearerChallenge.missingToken(metadata, List.of(role))
                : BearerChallenge.insufficientScope(metadata, List.of(role), "the metrics need the permission " + role);
        response.setHeader("WWW-Authenticate", challenge.headerValue());
        answer(response, challenge.status(), "application/json", challenge.jsonBody().toString());
    }

    private static void answer(HttpServletResponse response, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(type);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
