package dev.jakartamcp.it.broken.produced;

import dev.jakartamcp.api.ToolDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Deployed only by DeploymentValidationIT: producers of tools, one of a property type no call could bind. */
@ApplicationScoped
public class ThreadTools {
    @Produces
    ToolDefinition sleep() {
        return ToolDefinition.builder("sleep").property("millis", Long.class, null, true)
                .handler((arguments, context) -> "slept").build();
    }

    @Produces
    ToolDefinition join() {
        return ToolDefinition.builder("join").property("worker", Thread.class, null, true)
                .handler((arguments, context) -> "joined").build();
    }
}
