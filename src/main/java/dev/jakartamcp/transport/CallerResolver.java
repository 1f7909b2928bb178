package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The caller of a request, as established before the request reached the endpoint (the security filter puts it in
 * the request attribute {@link Caller#REQUEST_ATTRIBUTE}); anonymous when authorization is off.
 */
@ApplicationScoped
public class CallerResolver {

    public Caller resolve(HttpServletRequest request) {
        return request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller c ? c : Caller.ANONYMOUS;
    }
}
