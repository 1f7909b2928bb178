package dev.jakartamcp.pipeline;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.limits.RateLimit;
import jakarta.json.JsonObject;

import java.util.Optional;

/** An item with the operator's overrides applied, as the pipeline uses it for one request. */
public record EffectiveItem<I extends McpItem>(I item, boolean enabled, Access access, JsonObject descriptor,
                                               Optional<RateLimit> rateLimit) {
}
