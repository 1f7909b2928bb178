package dev.jakartamcp.ops.health;

import dev.jakartamcp.cluster.GridReach;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mcp-grid}: a node that reaches most members stays ready when one does not answer (else one frozen member
 * would take every node out of rotation at once); a node that reaches half of them or fewer leaves.
 */
class GridCheckTest {
    @org.junit.jupiter.api.BeforeAll
    static void provider() {
        HealthChecksTest.provider();
    }

    @Test
    void everyMemberAnswers() {
        HealthCheckResponse response = GridCheck.response(new GridReach(3, 3), 1);
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertEquals(3L, response.getData().orElseThrow().get("members"));
        assertEquals(3L, response.getData().orElseThrow().get("answered"));
    }

    @Test
    void oneFrozenMemberOfThreeLeavesTheOthersReadyAndSaysSo() {
        HealthCheckResponse response = GridCheck.response(new GridReach(3, 2), 2);
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertEquals(3L, response.getData().orElseThrow().get("members"));
        assertEquals(2L, response.getData().orElseThrow().get("answered"));
        assertTrue(response.getData().orElseThrow().get("reason").toString().contains("get 503"), response.getData()::toString);
    }

    /** Split brain: once the others are declared dead, a node cut off from them sees a grid of its own that answers. */
    @Test
    void aNodeThatSeesFewerMembersThanTheMinimumIsNotReady() {
        HealthCheckResponse alone = GridCheck.response(new GridReach(1, 1), 2);
        assertEquals(HealthCheckResponse.Status.DOWN, alone.getStatus());
        assertTrue(alone.getData().orElseThrow().get("reason").toString().contains("mcp.cluster.min-members=2"), alone.getData()::toString);
        assertEquals(HealthCheckResponse.Status.UP, GridCheck.response(new GridReach(2, 2), 2).getStatus(), "the other side of the split");
    }

    @Test
    void halfOrFewerIsNotReady() {
        assertEquals(HealthCheckResponse.Status.DOWN, GridCheck.response(new GridReach(2, 1), 1).getStatus(), "a cluster of two");
        assertEquals(HealthCheckResponse.Status.DOWN, GridCheck.response(new GridReach(4, 2), 1).getStatus());
        HealthCheckResponse cutOff = GridCheck.response(new GridReach(5, 1), 1);
        assertEquals(HealthCheckResponse.Status.DOWN, cutOff.getStatus());
        assertTrue(cutOff.getData().orElseThrow().get("reason").toString().contains("no majority"), cutOff.getData()::toString);
    }
}
