package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.protocol.McpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A walk of a grid cache (the operations API's listings of sessions and tasks) ends at {@code mcp.cluster.grid-timeout}
 * when the grid does not answer, instead of holding the operator's request for the grid's own timeouts, and the walk
 * given up on hands nothing more to its caller's action once the grid answers again.
 */
class GridWalkTest {
    private static final Duration BOUND = Duration.ofMillis(200);

    private final FrozenGrid grid = new FrozenGrid();
    private final ExecutorService counting = Executors.newSingleThreadExecutor();
    private final GridCache cache = grid.cache(BOUND, counting);

    @AfterEach
    void stop() {
        counting.shutdownNow();
    }

    @Test
    void aWalkHandsEveryEntryToItsAction() {
        grid.entries().putAll(Map.of("a", "1", "b", "2", "c", "3"));
        Map<String, String> seen = new TreeMap<>();
        cache.forEachEntry(seen::put);
        assertEquals(Map.of("a", "1", "b", "2", "c", "3"), seen);
    }

    @Test
    void aWalkTheGridDoesNotAnswerEndsAtTheBoundAndStops() throws Exception {
        grid.entries().putAll(Map.of("a", "1", "b", "2"));
        List<String> seen = new CopyOnWriteArrayList<>();
        grid.freeze();
        long started = System.nanoTime();
        McpException e = assertThrows(McpException.class, () -> cache.forEachEntry((key, value) -> seen.add(key)));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertEquals("grid", e.limit());
        assertTrue(e.getMessage().contains("mcp.cluster.grid-timeout"), e.getMessage());
        assertTrue(waited.compareTo(BOUND) >= 0 && waited.compareTo(BOUND.plusSeconds(2)) < 0, "waited " + waited);

        grid.thaw();
        Future<?> behind = counting.submit(() -> { }); // runs once the walk given up on has ended
        behind.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), seen, "the walk given up on handed nothing to the action after the bound");

        Map<String, String> again = new ConcurrentHashMap<>();
        cache.forEachEntry(again::put);
        assertEquals(Map.of("a", "1", "b", "2"), again, "the next walk, with the grid answering, sees everything");
    }
}
