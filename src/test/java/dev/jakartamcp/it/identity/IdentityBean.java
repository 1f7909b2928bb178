package dev.jakartamcp.it.identity;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Test fixture: an EJB in the same WAR, whose container security must see the MCP caller. */
@Stateless
public class IdentityBean {
    @Resource
    SessionContext context;

    @Inject
    JsonWebToken jwt;

    @RolesAllowed("channels:read")
    public String read() {
        return "read";
    }

    @RolesAllowed("recordings:write")
    public String write() {
        return "write";
    }

    /** The EJB container's caller principal name, and the token CDI gives the bean. */
    @PermitAll
    public String who() {
        return context.getCallerPrincipal().getName() + "|" + jwt.getSubject() + "|" + context.isCallerInRole("channels:read");
    }
}
