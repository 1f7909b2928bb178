package dev.jakartamcp.ops.health;

import dev.jakartamcp.ops.AuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: DOWN while the audit trail is stalled, as no call runs then (503) until it writes again. */
@Readiness
@ApplicationScoped
public class AuditCheck implements HealthCheck {
    static final String NAME = "mcp-audit";

    @Inject
    AuditTrail audit;

    @Override
    public HealthCheckResponse call() {
        if (!audit.stalled()) {
            return HealthCheckResponse.named(NAME).up().build();
        }
        return HealthCheckResponse.named(NAME).down()
                .withData("reason", "the audit trail writes no record (mcp.audit.stall-timeout); calls are refused")
                .withData("waiting", Integer.toString(audit.waiting()))
                .withData("dropped", Long.toString(audit.dropped()))
                .build();
    }
}
