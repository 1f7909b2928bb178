package dev.jakartamcp.ops.health;

import dev.jakartamcp.session.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: UP while the application answers at all. Nothing the server can recover from by itself (an unreachable
 * JWKS, a bad setting, draining) makes it DOWN: restarting would not help, that is what readiness is for.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {
    static final String NAME = "mcp";

    @Inject
    SessionStore sessions;

    /**
     * UP, with the number of sessions when this server holds them. With the cluster on they are counted in the data
     * grid, which may block (for its invocation timeout) or throw while it is unreachable: a probe that hangs or
     * fails makes the server look dead, and restarting it would not bring the grid back, so liveness never asks it.
     */
    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        if (sessions.inMemory()) {
            response.withData("sessions", String.valueOf(sessions.size()));
        }
        return response.build();
    }
}
