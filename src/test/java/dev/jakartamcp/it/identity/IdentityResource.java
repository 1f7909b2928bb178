package dev.jakartamcp.it.identity;

import jakarta.annotation.security.RolesAllowed;
import jakarta.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Test fixture: what JAX-RS says about a bearer-authenticated caller of the same WAR. */
@Path("identity")
public class IdentityResource {
    /** How often {@link #identity()} ran. */
    static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

    @Context
    SecurityContext security;

    @GET
    @Path("calls")
    public String calls() {
        return String.valueOf(CALLS.get());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String identity() {
        CALLS.incrementAndGet();
        return Json.createObjectBuilder()
                .add("principal", security.getUserPrincipal() == null ? "null" : security.getUserPrincipal().getName())
                .add("principalIsJsonWebToken", security.getUserPrincipal() instanceof JsonWebToken)
                .add("inRoleRead", security.isUserInRole("channels:read"))
                .add("inRoleWrite", security.isUserInRole("recordings:write"))
                .build().toString();
    }

    @GET
    @Path("write")
    @RolesAllowed("recordings:write")
    public String write() {
        return "written";
    }
}
