package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;

import java.util.logging.Logger;

/**
 * The caller of a request, as the authentication mechanism established it before the request reached the endpoint
 * (request attribute {@link Caller#REQUEST_ATTRIBUTE}): the token's caller with authorization on, an anonymous
 * caller known by its remote address with it off. A request that reached the endpoint without passing the mechanism
 * (a path variant some container routes past it) is refused: it never becomes an unchecked anonymous caller.
 */
@ApplicationScoped
public class CallerResolver {
    private static final Logger LOG = Logger.getLogger(CallerResolver.class.getName());

    public Caller resolve(HttpServletRequest request) {
        if (request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller) {
            return caller;
        }
        LOG.warning(() -> "A request reached the MCP endpoint without authentication: " + HttpChecks.sanitize(request.getRequestURI()));
        throw McpException.forbidden("Forbidden: the request was not authenticated", java.util.Set.of(), null);
    }
}
