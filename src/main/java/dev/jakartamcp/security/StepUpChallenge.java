package dev.jakartamcp.security;

import dev.jakartamcp.transport.AccessChallenge;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;
import java.util.Set;

/**
 * The {@code insufficient_scope} challenge of a 403, naming a permission that would allow the request (the first
 * declared that is a valid scope, where any one of several would) and where the metadata is (the same
 * {@code resource_metadata} the request's 401s carry), so that a client can step up.
 */
@ApplicationScoped
public class StepUpChallenge implements AccessChallenge {
    @Inject
    ResourceServer server;

    @Override
    public Optional<String> insufficientScope(HttpServletRequest request, Set<String> scopes, String description) {
        if (!server.enabled()) {
            return Optional.empty();
        }
        java.util.List<String> valid = BearerChallenge.validScopes(scopes);
        if (valid.isEmpty()) {
            // permissions that are no OAuth scope tokens cannot be asked for: no step-up is possible
            return Optional.empty();
        }
        // Any one of them allows the request, but a client asks for every scope a challenge names (RFC 6750 §3: "the
        // scope necessary"; MCP: "the minimum scopes needed"): so the challenge names one, the first declared, and only
        // the description lists the alternatives.
        return Optional.of(BearerChallenge.insufficientScope(server.metadataUrlFor(request), valid.subList(0, 1),
                "this request needs one of the permissions: " + String.join(" ", valid)).headerValue());
    }
}
