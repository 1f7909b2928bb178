package dev.jakartamcp.transport;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates a request to the endpoint that the container's authentication never saw: Payara refuses requests with
 * its own 503 from the moment an application stops, before authentication, and sends them to the error page, which
 * may still hand some to the endpoint ({@link McpServlet#takeWhileUnavailable}). Implemented by the WAR's own
 * authentication, with the same checks and answers.
 */
public interface LateAuthentication {
    /**
     * Whether the request was authenticated as one to the endpoint: true when it was (its caller is then the request's
     * {@code Caller.REQUEST_ATTRIBUTE}), false when it was refused, with the refusal (401, 403, 400, 503) written.
     */
    boolean authenticatedAsEndpoint(HttpServletRequest request, HttpServletResponse response);
}
