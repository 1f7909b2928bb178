package dev.jakartamcp.ops.health;

import dev.jakartamcp.ops.Drain;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: DOWN once the server drains (undeploy or shutdown under way), so that no new traffic is routed here. */
@Readiness
@ApplicationScoped
public class DrainCheck implements HealthCheck {
    static final String NAME = "mcp-draining";

    @Inject
    Drain drain;

    @Override
    public HealthCheckResponse call() {
        return drain.since()
                .map(since -> HealthCheckResponse.named(NAME).down().withData("reason", "the server is draining").withData("since", since.toString()).build())
                .orElseGet(() -> HealthCheckResponse.named(NAME).up().build());
    }
}
