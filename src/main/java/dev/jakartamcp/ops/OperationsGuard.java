package dev.jakartamcp.ops;

import dev.jakartamcp.api.AuditRecord.Outcome;
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
 * {@code insufficient_scope}; each refusal audited. The container's check stays on the resource as the declarative
 * guard.
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

    @Inject
    Observations observations;

    /** Why a request may not use the operations API: its status, {@code WWW-Authenticate} (or null) and JSON body. */
    record Refusal(int status, String challenge, JsonObject body) {
        Response response() {
            Response.ResponseBuilder response = Response.status(status);
            if (challenge != null) {
                response.header("WWW-Authenticate", challenge);
            }
            return response.type(MediaType.APPLICATION_JSON_TYPE).entity(body.toString()).build();
        }
    }

    @Override
    public void filter(ContainerRequestContext context) {
        if ("OPTIONS".equals(context.getMethod())) {
            return; // only the Allow header (OptionsAnswers), as the authentication mechanism lets OPTIONS pass untouched
        }
        Refusal refusal = check(context.getSecurityContext());
        if (refusal != null) {
            context.abortWith(refusal.response());
        }
    }

    /**
     * Why the request may not use the operations API, or null when it may. A refusal is audited as the authentication
     * mechanism audits its own (which covers an invalid token here): who asked, the token's caller where there is
     * one, else the address; what ({@code GET /mcp-admin/settings}, {@code DELETE /mcp-admin/tasks/{id}}: no task id); and why.
     */
    Refusal check(SecurityContext security) {
        if (!server.enabled()) {
            audit(Outcome.DENIED, AuthorizationOff.REASON);
            return new Refusal(AuthorizationOff.STATUS, null, AuthorizationOff.body("the operations API"));
        }
        List<String> scope = List.of(settings.opsRole());
        if (security.getUserPrincipal() == null) {
            BearerChallenge challenge = BearerChallenge.missingToken(server.metadataUrlFor(request), scope);
            audit(Outcome.UNAUTHENTICATED, "missing_token");
            return new Refusal(401, challenge.headerValue(), challenge.jsonBody());
        }
        if (!security.isUserInRole(OperationsRole.NAME)) {
            BearerChallenge challenge = BearerChallenge.insufficientScope(server.metadataUrlFor(request), scope,
                    "the operations API needs the permission " + settings.opsRole());
            audit(Outcome.DENIED, "insufficient_scope");
            return new Refusal(403, challenge.headerValue(), challenge.jsonBody());
        }
        return null;
    }

    private void audit(Outcome outcome, String reason) {
        observations.refused(request, request.getMethod() + " " + OperationsApi.auditedPath(request), outcome, reason);
    }
}
