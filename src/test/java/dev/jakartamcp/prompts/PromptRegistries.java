package dev.jakartamcp.prompts;

import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.pipeline.Pipelines;
import dev.jakartamcp.protocol.McpSettings;

/** A {@link PromptRegistry} of the given beans' prompts outside the container, for tests of other packages. */
public final class PromptRegistries {
    private PromptRegistries() {
    }

    public static PromptRegistry create(McpSettings settings, TestBeans beans) {
        PromptRegistry registry = new PromptRegistry();
        registry.discovered = beans.discovered();
        registry.invoker = beans.invoker();
        registry.binding = beans.binding();
        registry.changes = TestBeans.ignored();
        registry.overrides = Pipelines.overrides(settings);
        registry.produced = TestBeans.none();
        registry.init();
        return registry;
    }
}
