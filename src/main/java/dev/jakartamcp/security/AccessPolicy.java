package dev.jakartamcp.security;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;

/**
 * Whether a caller may see and use something that requires roles (permissions). {@code @RolesAllowed} semantics:
 * any one of the roles suffices; no roles means everyone. With authorization off, everything is permitted.
 */
@ApplicationScoped
public class AccessPolicy {
    @Inject
    McpSettings settings;

    public boolean authorizationEnabled() {
        return settings.bool("mcp.auth.enabled", false);
    }

    public boolean permits(Caller caller, Set<String> rolesAllowed) {
        if (!authorizationEnabled() || rolesAllowed.isEmpty()) {
            return true;
        }
        return caller.roles().stream().anyMatch(rolesAllowed::contains);
    }
}
