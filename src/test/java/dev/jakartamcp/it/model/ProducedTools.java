package dev.jakartamcp.it.model;

import dev.jakartamcp.api.McpIcon;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolDefinition;
import dev.jakartamcp.tools.ToolRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;

/** Tools defined in code: a producer, and one registered and removed while the server runs. */
@ApplicationScoped
public class ProducedTools {
    @Inject
    ToolRegistry registry;

    @Produces
    ToolDefinition greeter() {
        return ToolDefinition.builder("produced_greeting")
                .title("Greeting")
                .icon(McpIcon.of("https://example.com/greeting.png"))
                .description("Greets someone at a time, defined by a producer")
                .property("name", String.class, "Who to greet", true)
                .property("at", OffsetDateTime.class, "When", false)
                .handler((args, ctx) -> "Hello " + args.string("name").orElse("?")
                        + args.get("at", OffsetDateTime.class).map(t -> " at " + t).orElse(""))
                .build();
    }

    @Tool(name = "toggle_live_tool", description = "Registers the tool live_tool, or removes it if present")
    public String toggle() {
        if (registry.remove("live_tool")) {
            return "removed";
        }
        registry.register(ToolDefinition.builder("live_tool").description("Registered while running")
                .handler((args, ctx) -> "live").build());
        return "registered";
    }
}
