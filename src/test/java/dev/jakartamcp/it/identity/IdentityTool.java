package dev.jakartamcp.it.identity;

import dev.jakartamcp.api.Tool;
import jakarta.ejb.EJBAccessException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;
import java.util.function.Supplier;

/**
 * Test fixture of ContainerIdentityIT: what the container's own security APIs say about the caller while a tool runs.
 */
@ApplicationScoped
public class IdentityTool {
    @Inject
    HttpServletRequest request;

    @Inject
    SecurityContext securityContext;

    @Inject
    IdentityBean bean;

    @Inject
    JsonWebToken jwt;

    @Tool(name = "container_identity", description = "Test fixture: the caller as the container sees it",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public String identity() {
        Principal principal = request.getUserPrincipal();
        Principal caller = securityContext.getCallerPrincipal();
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("principal", principal == null ? "null" : principal.getName())
                .add("principalIsJsonWebToken", principal instanceof JsonWebToken)
                .add("remoteUser", String.valueOf(request.getRemoteUser()))
                .add("requestInRoleRead", request.isUserInRole("channels:read"))
                .add("requestInRoleWrite", request.isUserInRole("recordings:write"))
                .add("securityContextCaller", caller == null ? "null" : caller.getName())
                .add("securityContextTokens", securityContext.getPrincipalsByType(JsonWebToken.class).size())
                .add("securityContextTokenSubject", securityContext.getPrincipalsByType(JsonWebToken.class).stream()
                        .map(JsonWebToken::getSubject).findFirst().orElse("none"))
                .add("securityContextInRoleRead", securityContext.isCallerInRole("channels:read"))
                .add("ejbRead", attempt(bean::read))
                .add("ejbWrite", attempt(bean::write))
                .add("ejbWho", attempt(bean::who))
                .add("rawTokenLength", jwt.getRawToken() == null ? 0 : jwt.getRawToken().length());
        return json.build().toString();
    }

    /**
     * A permission that only this CDI bean's tool requires (no EJB, servlet or JAX-RS resource declares it): the WAR
     * declares it as a role at startup, so that the container's own checks know it.
     */
    @Tool(name = "cdi_only_role", description = "Test fixture: whether the container knows a permission only a CDI tool requires",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    @jakarta.annotation.security.RolesAllowed("identity:cdi-only")
    public String cdiOnlyRole() {
        return Json.createObjectBuilder()
                .add("requestInRole", request.isUserInRole("identity:cdi-only"))
                .add("securityContextInRole", securityContext.isCallerInRole("identity:cdi-only"))
                .build().toString();
    }

    private static String attempt(Supplier<String> call) {
        try {
            return call.get();
        } catch (EJBAccessException e) {
            return "denied";
        }
    }
}
