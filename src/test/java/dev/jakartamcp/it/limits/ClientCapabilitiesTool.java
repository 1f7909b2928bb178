package dev.jakartamcp.it.limits;

import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;

/** Test fixture of LimitsIT: how much of the client's declared capabilities the server kept for the session. */
@ApplicationScoped
public class ClientCapabilitiesTool {
    @Tool(name = "kept_capabilities", description = "Test fixture: the size of the capabilities the session kept",
            readOnly = true, destructive = false)
    public String keptCapabilities(McpContext context) {
        return context.clientCapabilities().toString().getBytes(StandardCharsets.UTF_8).length + " " + context.clientCapabilities().keySet();
    }
}
