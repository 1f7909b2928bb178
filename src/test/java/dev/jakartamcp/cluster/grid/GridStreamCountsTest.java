package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.protocol.McpException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

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
    /** What is written aside (on the grid's counting thread in the server), run when the test says. */
    private final List<Runnable> aside = new CopyOnWriteArrayList<>();
    private final GridStreamCounts counts = new GridStreamCounts(grid.cache(Duration.ofMillis(100)), () -> "node-a", () -> Set.of("node-a"), aside::add);

    private void writeAside() {
        while (!aside.isEmpty()) {
            aside.remove(0).run();
        }
    }

    @Test
    void writesTheGridGaveUpOnLeaveNoCountBehind() {
        counts.add("alice", 1);
        counts.add("alice", 1);
        assertEquals(2, counts.total());

        grid.freeze();
        McpException refused = assertThrows(McpException.class, () -> counts.add("bob", 1), "an admission the grid does not take");
        assertEquals("grid", refused.limit());
        assertDoesNotThrow(() -> counts.add("alice", -1), "an ended stream never waits for the grid");
        writeAside(); // waits for the grid, on the counting thread, and gives up
        grid.thaw(); // the writes given up on are applied now, late

        counts.add("carol", 1);
        writeAside(); // what was not written
        assertEquals(2, counts.total(), "alice 1, carol 1");
        assertEquals(1, counts.of("alice"));
        assertEquals(0, counts.of("bob"), "bob's refused admission left nothing");
        assertEquals(1, counts.of("carol"));

        counts.add("alice", -1);
        counts.add("carol", -1);
        writeAside();
        assertEquals(0, counts.total());
        assertEquals(Set.of(), grid.entries().keySet(), "no count left in the grid");
    }

    /**
     * The application stops while the grid's member stays: this node's counts leave the grid (before, they stayed
     * under a member that still counts and held places for good), and streams that end afterwards count nothing.
     */
    @Test
    void aStoppingNodesCountsLeaveTheGrid() {
        counts.add("alice", 1);
        counts.add("alice", 1);
        counts.add("bob", 1);
        counts.add("bob", -1); // its write left aside, never run: the counting thread stops with the application
        counts.withdraw();
        assertEquals(0, counts.total());
        assertEquals(0, counts.of("alice"));
        assertEquals(Set.of(), grid.entries().keySet(), "no count of this node left in the grid");
        counts.add("alice", -1); // a stream that ends after the stop
        writeAside();
        assertEquals(0, counts.of("alice"));
        assertEquals(Set.of(), grid.entries().keySet());
    }

    /**
     * Two threads of this node change one count at once: whichever writes last, the grid ends with the node's count as
     * it is, not the one a slower thread read before (a write is looked at again after it is made).
     */
    @Test
    void concurrentChangesEndWithTheNodesOwnCount() throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int delta = i % 2 == 0 ? 1 : -1;
                done.add(threads.submit(() -> {
                    if (delta > 0) {
                        counts.add("dave", 1);
                    } else {
                        counts.add("erin", 1);
                        counts.add("erin", -1);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
        writeAside();
        assertEquals(200, counts.of("dave"));
        assertEquals(0, counts.of("erin"));
        assertEquals(200, counts.total());
    }
}
