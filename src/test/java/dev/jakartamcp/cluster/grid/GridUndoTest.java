package dev.jakartamcp.cluster.grid;

import com.hazelcast.cache.impl.HazelcastServerCachingProvider;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.jakartamcp.cluster.GridContext;
import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.tasks.TaskState;
import dev.jakartamcp.tasks.TaskStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session or task whose creation the grid did not answer in time is refused (503, limit {@code grid}), and what the
 * grid applies of it once its member answers again is taken out: it would otherwise count against
 * {@code mcp.session.max} until its idle timeout, or against {@code mcp.tasks.max} until its ttl, for a client that
 * was told it was not made. The request is answered after one bound, not after a second wait for the undoing.
 */
class GridUndoTest {
    private static final Duration BOUND = Duration.ofMillis(500);

    private final McpSettings settings = new McpSettings(key -> Optional.empty());
    private final Caller alice = new Caller("https://issuer", "alice", Set.of(), Map.of(), null, "");

    @Test
    void aSessionWhoseWriteTheGridDidNotAnswerIsTakenOutOnceItDoes() {
        FrozenGrid sessions = new FrozenGrid();
        GridSessionStore store = sessions(sessions, new FrozenGrid());
        sessions.freeze();
        assertRefusedWithinOneBound(() -> store.create(ProtocolRevision.V2025_11_25, JsonFactory.createObjectBuilder().build(),
                JsonFactory.createObjectBuilder().build(), alice));
        sessions.thaw();
        assertEquals(Map.of(), sessions.entries(), "the late write and then its removal applied");
    }

    @Test
    void aSessionWhoseCallersListTheGridDidNotAnswerIsTakenOut() {
        FrozenGrid sessions = new FrozenGrid();
        FrozenGrid owners = new FrozenGrid();
        GridSessionStore store = sessions(sessions, owners);
        owners.freeze();
        assertRefusedWithinOneBound(() -> store.create(ProtocolRevision.V2025_11_25, JsonFactory.createObjectBuilder().build(),
                JsonFactory.createObjectBuilder().build(), alice));
        assertEquals(Map.of(), sessions.entries());
        owners.thaw();
    }

    @Test
    void aTaskWhoseWriteTheGridDidNotAnswerIsTakenOutOnceItDoes() {
        FrozenGrid tasks = new FrozenGrid();
        GridTaskStore store = new GridTaskStore(tasks.cache(BOUND), new FrozenGrid().cache(BOUND), new FrozenGrid().cache(BOUND),
                null, GridUndoTest::aside);
        tasks.freeze();
        assertRefusedWithinOneBound(() -> store.create(task("t-frozen"), new TaskStore.Limits(10, 10)));
        tasks.thaw();
        assertEquals(Map.of(), tasks.entries());
    }

    @Test
    void aTaskWhoseRunnerTheGridDidNotAnswerIsTakenOutWithItsRunner() {
        int port = Http.freePort();
        HazelcastInstance member = Hazelcast.newHazelcastInstance(JCacheGridTest.memberConfig("mcp-undo-" + UUID.randomUUID(), port, port));
        try (JCacheGrid grid = new JCacheGrid(new GridContext(settings, message -> { }, ended -> { }),
                new HazelcastServerCachingProvider(member).getCacheManager())) {
            FrozenGrid tasks = new FrozenGrid();
            FrozenGrid runners = new FrozenGrid();
            GridTaskStore store = new GridTaskStore(tasks.cache(BOUND), new FrozenGrid().cache(BOUND), runners.cache(BOUND),
                    grid, GridUndoTest::aside);
            runners.freeze();
            assertRefusedWithinOneBound(() -> store.create(task("t-runner"), new TaskStore.Limits(10, 10)));
            assertEquals(Map.of(), tasks.entries(), "before: the task stayed, running nowhere, until its ttl");
            runners.thaw();
            assertEquals(Map.of(), runners.entries());
        } finally {
            member.shutdown();
        }
    }

    /** The store's sweep of expired tasks, a walk of the grid, on a thread of its own as on the grid's counting thread. */
    private static void aside(Runnable work) {
        Thread thread = new Thread(work, "grid-undo-test-aside");
        thread.setDaemon(true);
        thread.start();
    }

    private GridSessionStore sessions(FrozenGrid sessions, FrozenGrid owners) {
        return new GridSessionStore(new GridContext(settings, message -> { }, ended -> { }), sessions.cache(BOUND),
                owners.cache(BOUND), new FrozenGrid().cache(BOUND), null);
    }

    private static TaskState task(String taskId) {
        return TaskState.start(taskId, "https://issuer\nalice", "https://issuer\nalice", "report", Instant.now(),
                Duration.ofMinutes(5), Duration.ofSeconds(1));
    }

    private static void assertRefusedWithinOneBound(Runnable creation) {
        long start = System.nanoTime();
        McpException refused = assertThrows(McpException.class, creation::run);
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("grid", refused.limit());
        assertTrue(waitedMillis < BOUND.toMillis() + 400, "one bound, not two: " + waitedMillis + " ms");
    }
}
