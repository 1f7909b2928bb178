package dev.jakartamcp.ops.health;

import dev.jakartamcp.session.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
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

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).up().withData("sessions", String.valueOf(sessions.size())).build();
    }
}
