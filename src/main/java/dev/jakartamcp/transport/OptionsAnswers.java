package dev.jakartamcp.transport;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * The answer of the WAR's JAX-RS resources to an {@code OPTIONS} request the implementation answers itself: 200 with
 * the {@code Allow} header and no body, as the MCP endpoint answers one that is no CORS preflight. Without it the
 * servers differ: Liberty's RESTEasy lists the methods again as a {@code text/plain} body (which no client of a JSON
 * API expects), Jersey (Payara) answers as the request's {@code Accept} asks.
 */
public class OptionsAnswers implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if ("OPTIONS".equals(request.getMethod()) && response.getStatus() / 100 == 2) {
            response.setStatus(200);
            response.setEntity(null);
            response.getHeaders().remove("Content-Type");
        }
    }
}
