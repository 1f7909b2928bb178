package dev.jakartamcp.resources;

import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.pipeline.Pipelines;
import dev.jakartamcp.protocol.McpSettings;

/** A {@link ResourceRegistry} of the given beans' resources and templates outside the container, for tests of other packages. */
public final class ResourceRegistries {
    private ResourceRegistries() {
    }

    public static ResourceRegistry create(McpSettings settings, TestBeans beans) {
        ResourceRegistry registry = new ResourceRegistry();
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
