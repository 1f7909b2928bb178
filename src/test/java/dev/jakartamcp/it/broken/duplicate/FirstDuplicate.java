package dev.jakartamcp.it.broken.duplicate;

import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.ApplicationScoped;

/** Deployed only by DeploymentValidationIT: its tool name clashes with SecondDuplicate's. */
@ApplicationScoped
public class FirstDuplicate {
    @Tool(name = "duplicate_tool", description = "first")
    public String first() {
        return "first";
    }
}
