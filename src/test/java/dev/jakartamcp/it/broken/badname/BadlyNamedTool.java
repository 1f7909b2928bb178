package dev.jakartamcp.it.broken.badname;

import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.ApplicationScoped;

/** Deployed only by DeploymentValidationIT: a tool name the 2025-11-25 naming rules forbid. */
@ApplicationScoped
public class BadlyNamedTool {
    @Tool(name = "get weather!", description = "spaces and '!' are not allowed in tool names")
    public String weather() {
        return "sunny";
    }
}
