package dev.jakartamcp.pipeline;

import dev.jakartamcp.limits.RateLimits;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.RequestStates;

/** A {@link FeaturePipeline} outside the container, for tests of the features (requests without request state). */
public final class Pipelines {
    private Pipelines() {
    }

    public static FeaturePipeline create(McpSettings settings) {
        FeaturePipeline pipeline = new FeaturePipeline();
        pipeline.settings = settings;
        pipeline.overrides = overrides(settings);
        pipeline.rateLimits = new RateLimits(settings);
        pipeline.requestStates = new RequestStates();
        pipeline.concurrency = new ItemConcurrency();
        return pipeline;
    }

    public static ItemOverrides overrides(McpSettings settings) {
        ItemOverrides overrides = new ItemOverrides();
        overrides.settings = settings;
        return overrides;
    }
}
