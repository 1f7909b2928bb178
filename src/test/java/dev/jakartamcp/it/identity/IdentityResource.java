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
    @Context
    SecurityContext security;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String identity() {
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
