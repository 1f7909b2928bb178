package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.protocol.McpException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Stream counts shared through a grid that stops answering for a while: an admission it does not take is refused
 * and not counted, an ended stream is never refused, and once the grid answers again the counts are this node's own
 * as they are — also after the grid applied, late, the writes the node gave up on.
 */
class GridStreamCountsTest {
    private final FrozenGrid grid = new FrozenGrid();
    private final GridStreamCounts counts = new GridStreamCounts(grid.cache(Duration.ofMillis(100)), () -> "node-a", () -> Set.of("node-a"));

    @Test
    void writesTheGridGaveUpOnLeaveNoCountBehind() {
        counts.add("alice", 1);
        counts.add("alice", 1);
        assertEquals(2, counts.total());

        grid.freeze();
        McpException refused = assertThrows(McpException.class, () -> counts.add("bob", 1), "an admission the grid does not take");
        assertEquals("grid", refused.limit());
        assertDoesNotThrow(() -> counts.add("alice", -1), "an ended stream is never refused");
        grid.thaw(); // the writes given up on are applied now, late

        counts.add("carol", 1); // the next change writes what was not written
        assertEquals(2, counts.total(), "alice 1, carol 1");
        assertEquals(1, counts.of("alice"));
        assertEquals(0, counts.of("bob"), "bob's refused admission left nothing");
        assertEquals(1, counts.of("carol"));

        counts.add("alice", -1);
        counts.add("carol", -1);
        assertEquals(0, counts.total());
        assertEquals(Set.of(), grid.entries().keySet(), "no count left in the grid");
    }
}
