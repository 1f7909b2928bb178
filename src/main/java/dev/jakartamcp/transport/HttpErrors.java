package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that decides which HTTP status and headers carry a JSON-RPC error, from what the error says went
 * wrong ({@link McpException.Reason}) and the client's revision:
 *
 * <pre>
 * reason          2025 revisions   2026-07-28   headers
 * FAILED          200              200
 * BAD_REQUEST     200              400
 * UNKNOWN_METHOD  200              404
 * FORBIDDEN       403              403          WWW-Authenticate: Bearer error="insufficient_scope", scope=… (when a permission would help)
 * RATE_LIMITED    429              429          Retry-After
 * OVER_CAPACITY   503              503          Retry-After
 * </pre>
 */
@ApplicationScoped
public class HttpErrors {
    @Inject
    Instance<AccessChallenge> challenges;

    public static int status(McpException error, ProtocolRevision revision) {
        return switch (error.reason()) {
            case FAILED -> 200;
            case BAD_REQUEST -> revision.isModern() ? 400 : 200;
            case UNKNOWN_METHOD -> revision.isModern() ? 404 : 200;
            case FORBIDDEN -> 403;
            case RATE_LIMITED -> 429;
            case OVER_CAPACITY -> 503;
        };
    }

    public Map<String, String> headers(McpException error, HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (error.reason()) {
            case FORBIDDEN -> {
                if (!error.requiredScopes().isEmpty() && challenges.isResolvable()) {
                    challenges.get().insufficientScope(request, error.requiredScopes(),
                            "this request needs one of the permissions: " + String.join(" ", error.requiredScopes()))
                            .ifPresent(v -> headers.put("WWW-Authenticate", v));
                }
            }
            case RATE_LIMITED, OVER_CAPACITY -> headers.put("Retry-After", Long.toString(retryAfterSeconds(error.retryAfter())));
            default -> {
            }
        }
        return headers;
    }

    /**
     * Answers a failure that is no JSON-RPC result (the request never reached a session or a stream: over a limit,
     * not authenticated) with its status, at least 400, and headers.
     */
    void answer(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response, HttpSink sink,
                jakarta.json.JsonValue id, McpException error) {
        if (!response.isCommitted()) {
            headers(error, request).forEach(response::setHeader);
        }
        McpServlet.fail(response, sink, Math.max(400, status(error, ProtocolRevision.LATEST)), id, error.code(), error.getMessage(),
                error.data());
    }

    /** Answers {@code error} on {@code stream}, the response to one request of {@code request}. */
    void respond(ResponseStream stream, jakarta.json.JsonValue id, McpException error, HttpServletRequest request) {
        stream.respondError(dev.jakartamcp.protocol.JsonRpc.error(id, error), status(error, stream.revision()), headers(error, request));
    }

    /** Whole seconds, rounded up to the nanosecond (a client that waits them is never early), at least 1. */
    static long retryAfterSeconds(Duration wait) {
        return Math.max(1, wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0));
    }
}
