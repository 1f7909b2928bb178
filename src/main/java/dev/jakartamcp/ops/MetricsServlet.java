package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET /mcp-metrics}: the server's MCP metrics ({@link McpMetrics}) as Prometheus text, the same on every server
 * (a path of its own, so that it never collides with the servers' own {@code /metrics}). Open unless
 * {@code mcp.metrics.role} names a permission: then the scrape needs a bearer token that carries it (401 without a
 * valid token, 403 without the permission). {@code mcp.metrics.enabled=false} answers 404.
 */
@WebServlet(urlPatterns = MetricsServlet.PATH)
public class MetricsServlet extends HttpServlet {
    public static final String PATH = "/mcp-metrics";

    @Inject
    McpMetrics metrics;

    @Inject
    McpSettings settings;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!settings.metricsEnabled()) {
            answer(response, 404, "application/json", "{\"error\":\"not_found\",\"error_description\":\"mcp.metrics.enabled is false\"}");
            return;
        }
        Optional<String> role = settings.metricsRole();
        if (role.isPresent()) {
            if (!(request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller) || caller.isAnonymous()) {
                response.setHeader("WWW-Authenticate", "Bearer");
                answer(response, 401, "application/json", "{\"error\":\"invalid_token\",\"error_description\":\"a bearer token is required\"}");
                return;
            }
            if (!caller.roles().contains(role.get())) {
                response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + role.get().replace("\"", "") + "\"");
                answer(response, 403, "application/json", "{\"error\":\"insufficient_scope\"}");
                return;
            }
        }
        answer(response, 200, PrometheusText.CONTENT_TYPE, metrics.prometheusText());
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
