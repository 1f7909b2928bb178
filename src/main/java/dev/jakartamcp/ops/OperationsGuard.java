package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.security.BearerChallenge;
import dev.jakartamcp.security.OperationsRole;
import dev.jakartamcp.security.ResourceServer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;

/**
 * Answers, before the container's {@code @RolesAllowed} check, every request to the operations API that may not pass
 * it, the way the MCP endpoint answers: with authorization off 403 (the operations API is never open), without a
 * caller 401 with a bearer challenge asking for {@code mcp.ops.role}, without the operations role 403
 * {@code insufficient_scope}. The container's check stays on the resource as the declarative guard.
 */
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class OperationsGuard implements ContainerRequestFilter {
    @Inject
    ResourceServer server;

    @Inject
    McpSettings settings;

    @Inject
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        if (!server.enabled()) {
            context.abortWith(json(Response.status(403), JsonFactory.createObjectBuilder().add("error", "forbidden")
                    .add("error_description", "the operations API needs authorization on (mcp.auth.enabled=true)").build()));
            return;
        }
        SecurityContext security = context.getSecurityContext();
        List<String> scope = List.of(settings.opsRole());
        if (security.getUserPrincipal() == null) {
            BearerChallenge challenge = BearerChallenge.missingToken(server.metadataUrlFor(request), scope);
            context.abortWith(json(Response.status(401).header("WWW-Authenticate", challenge.headerValue()), challenge.jsonBody()));
            return;
        }
        if (!security.isUserInRole(OperationsRole.NAME)) {
            BearerChallenge challenge = BearerChallenge.insufficientScope(server.metadataUrlFor(request), scope,
                    "the operations API needs the permission " + settings.opsRole());
            context.abortWith(json(Response.status(403).header("WWW-Authenticate", challenge.headerValue()), challenge.jsonBody()));
        }
    }

    private static Response json(Response.ResponseBuilder response, JsonObject body) {
        return response.type(MediaType.APPLICATION_JSON_TYPE).entity(body.toString()).build();
    }
}
