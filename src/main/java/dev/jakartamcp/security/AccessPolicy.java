package dev.jakartamcp.security;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Map;
import java.util.Set;

/**
 * Whether a caller may see and use something that requires roles (permissions). {@code @RolesAllowed} semantics:
 * any one of the roles suffices; no roles means every authenticated caller. With authorization off, everything is
 * permitted.
 */
@ApplicationScoped
public class AccessPolicy {
    @Inject
    ResourceServer server;

    @Inject
    HttpServletRequest request;

    public boolean permits(Caller caller, Set<String> rolesAllowed) {
        if (!server.enabled() || rolesAllowed.isEmpty()) {
            return true;
        }
        return caller.roles().stream().anyMatch(rolesAllowed::contains);
    }

    /**
     * The error for a caller without the permission {@code what} needs: HTTP 403 with an {@code insufficient_scope}
     * challenge naming the scopes, so that a client can ask its user for more and retry.
     */
    public McpException denied(String what, Set<String> rolesAllowed) {
        String metadata = metadataUrl();
        BearerChallenge challenge = BearerChallenge.insufficientScope(metadata, rolesAllowed,
                "this request needs one of the permissions: " + String.join(" ", rolesAllowed));
        JsonArrayBuilder scopes = Json.createArrayBuilder();
        rolesAllowed.forEach(scopes::add);
        return new McpException(ErrorCode.FORBIDDEN, "Forbidden: " + what + " needs one of the permissions " + rolesAllowed,
                Json.createObjectBuilder().add("error", "insufficient_scope").add("requiredScopes", scopes).build(), 403,
                Map.of("WWW-Authenticate", challenge.headerValue()));
    }

    /**
     * The same {@code resource_metadata} the request's 401s carry ({@link ResourceServer#metadataUrlFor}): outside
     * context root "/" that is the document this WAR serves, not the host-root RFC 9728 location it cannot serve.
     */
    private String metadataUrl() {
        try {
            return server.metadataUrlFor(request);
        } catch (ContextNotActiveException | IllegalStateException e) {
            // not on a request thread: fall back to the RFC 9728 location of the configured resource
            return ProtectedResourceMetadata.wellKnownUrl(server.settings().resource());
        }
    }
}
