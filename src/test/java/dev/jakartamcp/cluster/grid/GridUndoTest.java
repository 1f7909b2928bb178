package dev.jakartamcp.cluster.grid;

import com.hazelcast.cache.impl.HazelcastServerCachingProvider;
import com.hazelcast.core.HazelcastInstance;
import dev.jakartamcp.cluster.GridContext;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.session.McpSession;
import dev.jakartamcp.tasks.TaskState;
import dev.jakartamcp.tasks.TaskStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session or task whose creation the grid did not answer in time is refused (503, limit {@code grid}), and what the
 * grid applies of it once its member answers again is taken out: it would otherwise count against
 * {@code mcp.session.max} until its idle timeout, or against {@code mcp.tasks.max} until its ttl, for a client that
 * was told it was not made. The request is answered after one bound, not after a second wait for the undoing. The
 * frozen grid here applies what was sent in order, the grid's rule; a write the grid retries may still come later.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridUndoTest {
    private static final Duration BOUND = Duration.ofSeconds(1);

    private final Caller alice = new Caller("https://issuer", "alice", Set.of(), Map.of(), null, "");
    private HazelcastInstance member;
    /** A grid for what the task store asks of the cluster (this node's name, the members); its caches are not used. */
    private JCacheGrid cluster;

    @BeforeAll
    void oneMember() {
        member = JCacheGridTest.loneMember("mcp-undo-");
        cluster = new JCacheGrid(new GridContext(settings(Map.of()), message -> { }, ended -> { }),
                new HazelcastServerCachingProvider(member).getCacheManager());
    }

    @AfterAll
    void stop() {
        cluster.close();
        member.shutdown();
    }

    @Test
    void aSessionWhoseWriteTheGridDidNotAnswerIsTakenOutOnceItDoes() {
        FrozenGrid sessions = new FrozenGrid();
        GridSessionStore store = sessions(sessions, Map.of());
        sessions.freeze();
        assertRefusedWithinOneBound(() -> create(store));
        sessions.thaw();
        assertEquals(Map.of(), sessions.entries(), "the late write and then its removal applied");
    }

    @Test
    void aSessionThatPushesAnotherOutStandsWhenTheGridDoesNotTakeTheOthersEnd() {
        FrozenGrid sessions = new FrozenGrid();
        GridSessionStore store = sessions(sessions, Map.of("mcp.session.max-per-caller", "1"));
        McpSession first = create(store);
        sessions.freezeAt("getAndRemoveAsync", 1);
        long start = System.nanoTime();
        McpSession second = create(store);
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMillis >= BOUND.toMillis() && waitedMillis < 2 * BOUND.toMillis() - 100, "one bound: " + waitedMillis + " ms");
        sessions.thaw();
        assertEquals(Set.of(second.id()), sessions.entries().keySet(), "the first, pushed out, is gone: " + first.id());
    }

    @Test
    void aTaskWhoseWriteTheGridDidNotAnswerIsTakenOutOnceItDoes() {
        FrozenGrid tasks = new FrozenGrid();
        GridTaskStore store = tasks(tasks, new FrozenGrid(), new FrozenGrid());
        tasks.freeze();
        assertRefusedWithinOneBound(() -> store.create(task("t-frozen"), new TaskStore.Limits(10, 10)));
        tasks.thaw();
        assertEquals(Map.of(), tasks.entries());
    }

    @Test
    void aTaskWhoseRunnerTheGridDidNotAnswerIsTakenOutWithItsRunner() {
        FrozenGrid tasks = new FrozenGrid();
        FrozenGrid runners = new FrozenGrid();
        GridTaskStore store = tasks(tasks, new FrozenGrid(), runners);
        runners.freeze();
        assertRefusedWithinOneBound(() -> store.create(task("t-runner"), new TaskStore.Limits(10, 10)));
        assertEquals(Map.of(), tasks.entries(), "before: the task stayed, running nowhere, until its ttl");
        runners.thaw();
        assertEquals(Map.of(), runners.entries());
    }

    @Test
    void aTaskWhoseLimitCheckTheGridDidNotAnswerIsTakenOut() {
        FrozenGrid tasks = new FrozenGrid();
        FrozenGrid owners = new FrozenGrid();
        FrozenGrid runners = new FrozenGrid();
        GridTaskStore store = tasks(tasks, owners, runners);
        owners.freezeAt("getAsync", 2); // the first reads the list to add the task, the second counts the caller's tasks
        assertRefusedWithinOneBound(() -> store.create(task("t-check"), new TaskStore.Limits(10, 10)));
        assertEquals(Map.of(), tasks.entries(), "before: the task stayed, its work never started, until its ttl");
        assertEquals(Map.of(), runners.entries());
        owners.thaw();
    }

    private static McpSettings settings(Map<String, String> values) {
        return new McpSettings(key -> Optional.ofNullable(values.get(key)));
    }

    private McpSession create(GridSessionStore store) {
        return store.create(ProtocolRevision.V2025_11_25, JsonFactory.createObjectBuilder().build(),
                JsonFactory.createObjectBuilder().build(), alice);
    }

    private static GridSessionStore sessions(FrozenGrid sessions, Map<String, String> settings) {
        return new GridSessionStore(new GridContext(settings(settings), message -> { }, ended -> { }), sessions.cache(BOUND),
                new FrozenGrid().cache(BOUND), new FrozenGrid().cache(BOUND), null);
    }

    private GridTaskStore tasks(FrozenGrid tasks, FrozenGrid owners, FrozenGrid runners) {
        return new GridTaskStore(tasks.cache(BOUND), owners.cache(BOUND), runners.cache(BOUND), cluster, GridUndoTest::aside);
    }

    /** The store's sweep of expired tasks, a walk of the grid, on a thread of its own as on the grid's counting thread. */
    private static void aside(Runnable work) {
        Thread thread = new Thread(work, "grid-undo-test-aside");
        thread.setDaemon(true);
        thread.start();
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
        assertTrue(waitedMillis < 2 * BOUND.toMillis() - 100, "one bound, not two: " + waitedMillis + " ms");
    }
}
