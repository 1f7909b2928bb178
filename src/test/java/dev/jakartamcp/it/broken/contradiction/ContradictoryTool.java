package dev.jakartamcp.it.broken.contradiction;

import dev.jakartamcp.api.Tool;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;

/** Deployed only by DeploymentValidationIT: @PermitAll and @DenyAll on one method contradict each other. */
@ApplicationScoped
public class ContradictoryTool {
    @Tool(name = "contradictory", description = "both permitted to all and denied to all")
    @PermitAll
    @DenyAll
    public String contradictory() {
        return "?";
    }
}
