package dev.jakartamcp.ops.health;

import dev.jakartamcp.cluster.Cluster;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Readiness, with the cluster on: DOWN while the data grid does not answer a read of each member within
 * {@value #TIMEOUT_SECONDS} s. A member that is frozen or cut off, not yet declared dead, holds every request that
 * needs its partitions (the rate counters, sessions, stream logs) for as long as the grid's own timeouts let it; a
 * load balancer should send traffic elsewhere meanwhile. The probe never outlasts its timeout, and while the reads of
 * the last probe still wait, the next one answers DOWN at once. With the cluster off: UP, nothing asked.
 */
@Readiness
@ApplicationScoped
public class GridCheck implements HealthCheck {
    static final String NAME = "mcp-grid";
    static final long TIMEOUT_SECONDS = 2;

    @Inject
    Cluster cluster;

    @Override
    public HealthCheckResponse call() {
        if (!cluster.enabled()) {
            return HealthCheckResponse.named(NAME).up().build();
        }
        if (cluster.gridAnswers(Duration.ofSeconds(TIMEOUT_SECONDS))) {
            return HealthCheckResponse.named(NAME).up().build();
        }
        return HealthCheckResponse.named(NAME).down()
                .withData("reason", "the data grid did not answer a read of each member within " + TIMEOUT_SECONDS + " s")
                .build();
    }
}
