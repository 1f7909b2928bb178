package dev.jakartamcp.ops.health;

import dev.jakartamcp.cluster.Cluster;
import dev.jakartamcp.cluster.GridReach;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Readiness, with the cluster on: DOWN while the data grid answers a read of a majority of the members' partitions
 * no longer within {@value #TIMEOUT_SECONDS} s. A member that is frozen or cut off, not yet declared dead, holds
 * every grid call on its partitions until the bound, so requests that need them get 503. A node that reaches only
 * half of the members or fewer is likely the one cut off, and leaves the load balancer's rotation; a node that
 * reaches most of them stays in it (UP, with the members that did not answer in the check's data), as every node would
 * otherwise leave it at once when one member freezes, turning the loss of one member into the loss of the service. In
 * a cluster of two, a node cannot tell which of the two is cut off: it leaves. Once the grid has declared the others
 * dead, a node cut off from them sees a grid of its own, where every member answers: {@code mcp.cluster.min-members}
 * keeps such a node out. With the cluster off: UP, nothing asked.
 */
@Readiness
@ApplicationScoped
public class GridCheck implements HealthCheck {
    static final String NAME = "mcp-grid";
    static final long TIMEOUT_SECONDS = 2;

    @Inject
    Cluster cluster;

    @Inject
    McpSettings settings;

    @Override
    public HealthCheckResponse call() {
        if (!cluster.enabled()) {
            return HealthCheckResponse.named(NAME).up().build();
        }
        return response(cluster.gridReach(Duration.ofSeconds(TIMEOUT_SECONDS)), settings.clusterMinMembers());
    }

    static HealthCheckResponse response(GridReach reach, int minMembers) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .withData("members", reach.members()).withData("answered", reach.answered());
        if (reach.members() < minMembers) {
            return response.down().withData("reason", "this node sees " + reach.members() + " members of the data grid,"
                    + " fewer than mcp.cluster.min-members=" + minMembers + ": it is likely cut off, in a grid of its own").build();
        }
        if (reach.all()) {
            return response.up().build();
        }
        String found = "the data grid answered a read of " + reach.answered() + " of " + reach.members()
                + " members' partitions within " + TIMEOUT_SECONDS + " s";
        return response.status(reach.majority())
                .withData("reason", reach.majority()
                        ? found + ": requests that need the others' partitions get 503 until they answer or leave the cluster"
                        : found + ", no majority: this node is likely cut off from the cluster")
                .build();
    }
}
