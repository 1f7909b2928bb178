package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The caller of a request, as the authentication mechanism established it before the request reached the endpoint
 * (request attribute {@link Caller#REQUEST_ATTRIBUTE}); with authorization off, an anonymous caller known by its
 * remote address.
 */
@ApplicationScoped
public class CallerResolver {

    public Caller resolve(HttpServletRequest request) {
        return request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller c ? c : Caller.anonymous(request.getRemoteAddr());
    }
}
