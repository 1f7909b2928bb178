package dev.jakartamcp.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Makes {@code @Inject JsonWebToken} work in tool beans with the token this server validated. The container's own
 * MP-JWT is not used for the MCP endpoint (Payara's would reject valid Auth0 tokens and cannot map permissions to
 * roles), so this producer is the only source of the bean.
 */
@ApplicationScoped
public class CallerTokenProducer {
    @Inject
    HttpServletRequest request;

    @Inject
    ResourceServer server;

    @Produces
    @RequestScoped
    JsonWebToken callerToken() {
        Object token = request.getAttribute(BearerAuthentication.TOKEN_ATTRIBUTE);
        return token instanceof VerifiedToken t ? CallerToken.of(t, server.exposeRawToken()) : CallerToken.NONE;
    }
}
