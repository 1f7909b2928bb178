package dev.jakartamcp.it.broken.duplicate;

import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.ApplicationScoped;

/** Deployed only by DeploymentValidationIT: its tool name clashes with FirstDuplicate's. */
@ApplicationScoped
public class SecondDuplicate {
    @Tool(name = "duplicate_tool", description = "second")
    public String second() {
        return "second";
    }
}
