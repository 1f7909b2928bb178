package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.JsonRpc;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WAR's error page ({@code web.xml} sends every error status and uncaught exception here): whatever the
 * container would have answered with its own HTML page — a path that is not the endpoint ({@code /mcp/},
 * {@code /MCP}), a JAX-RS {@code @RolesAllowed} denial, an exception no one caught — is a JSON-RPC error with the
 * same status and nothing more. It is also the WAR's default servlet ("/"): a path nothing else serves is its plain
 * 404 at once, without the container's static-file lookup (which on Liberty throws and logs a warning per request).
 * The error page's own path is a second instance, registered by {@link StopOrder}.
 */
@WebServlet("/")
public class ErrorPageServlet extends HttpServlet {
    static final String PATH = "/.well-known/mcp-error";
    private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());

    /** Null where no container made this servlet (unit tests). */
    @Inject
    EndpointDrain drainer;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 404;
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
            // below 500 the request was at fault, e.g. Liberty's default servlet throws FileNotFoundException for a path
            // that is not the endpoint: a caller must not be able to fill the server's log with stack traces
            LOG.log(status >= 500 ? Level.SEVERE : Level.FINE, "Uncaught failure answered with " + status, failure);
        }
        if (response.isCommitted()) {
            return;
        }
        if (status == 503) {
            // the container's own 503: the application is stopping (Payara Micro on SIGTERM) or not yet started; what
            // only answers or follows running work is still taken while work runs
            if (drainer != null && isForTheEndpoint(request) && drainer.takeWhileUnavailable(request, response)) {
                return;
            }
            response.resetBuffer();
            response.setHeader("Retry-After", "5");
            write(response, 503, JsonRpc.error(null, ErrorCode.OVER_CAPACITY,
                    "Service Unavailable: the server is starting or shutting down; retry, or use another instance", null));
            return;
        }
        String message = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found: the MCP endpoint is " + request.getContextPath() + "/mcp";
            case 405 -> "Method Not Allowed";
            case 413 -> "Payload Too Large";
            default -> status >= 500 ? "Internal error" : "HTTP " + status;
        };
        response.resetBuffer();
        write(response, status, JsonRpc.error(null, status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_REQUEST, message, null));
    }

    /** Whether the error is that of a request to the MCP endpoint (as the client sent it, not the error page's path). */
    private static boolean isForTheEndpoint(HttpServletRequest request) {
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        return (context + "/mcp").equals(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    }

    /**
     * Never called ({@link #service} answers every method), but declared: Liberty refuses TRACE with its own HTML 403,
     * before any code of the WAR runs, on a path without a security constraint whose servlet inherits this method.
     */
    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response) throws IOException {
        service(request, response);
    }

    private static void write(HttpServletResponse response, int status, JsonObject error) throws IOException {
        byte[] body = error.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
