package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.tasks.TaskState;
import dev.jakartamcp.tasks.TaskStateJson;
import dev.jakartamcp.tasks.TaskStatus;
import dev.jakartamcp.tasks.TaskStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task's change announced while the grid does not answer its read (a member frozen): the node running the work
 * must not lose it, as the announcement is not sent again; the next {@code tellMissedChanges} reads it.
 */
class GridTaskWatchTest {
    private static final Duration BOUND = Duration.ofMillis(100);

    private final FrozenGrid grid = new FrozenGrid();
    private final GridTaskStore store = new GridTaskStore(grid.cache(BOUND), new FrozenGrid().cache(BOUND),
            new FrozenGrid().cache(BOUND), null, Runnable::run);
    private final List<Optional<TaskState>> told = new CopyOnWriteArrayList<>();

    private TaskState stored(String taskId) {
        TaskState task = TaskState.start(taskId, "issuer\nalice", "issuer\nalice", "report", Instant.now(),
                Duration.ofMinutes(5), Duration.ofSeconds(1));
        grid.entries().put(taskId, TaskStateJson.write(task));
        return task;
    }

    @Test
    void aCancellationAnnouncedWhileTheGridDoesNotAnswerReachesTheWatcherAtTheNextLook() {
        TaskState task = stored("t-1");
        try (TaskStore.Registration watch = store.watch("t-1", told::add)) {
            grid.entries().put("t-1", TaskStateJson.write(task.cancelled("Cancelled by the client", Instant.now())));
            grid.freeze();
            long start = System.nanoTime();
            assertDoesNotThrow(() -> store.changed("t-1"), "the grid's listener thread gets no exception");
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis >= BOUND.toMillis() && waitedMillis < 5_000, "waited the bound, not more: " + waitedMillis);
            assertEquals(List.of(), told, "nothing read, nothing told");

            store.tellMissedChanges();
            assertEquals(List.of(), told, "still frozen: still missed");

            grid.thaw();
            store.tellMissedChanges();
            assertEquals(1, told.size(), told::toString);
            assertEquals(TaskStatus.CANCELLED, told.get(0).orElseThrow().status());

            store.tellMissedChanges();
            assertEquals(1, told.size(), "told once: a change read is not missed any more");
        }
    }

    /** An announcement the grid's topic lost: the change reaches the watcher at the next periodic read all the same. */
    @Test
    void aChangeWhoseAnnouncementWasLostReachesTheWatcherAtTheNextReadOfAll() {
        TaskState task = stored("t-lost");
        try (TaskStore.Registration watch = store.watch("t-lost", told::add)) {
            grid.entries().put("t-lost", TaskStateJson.write(task.cancelled("Cancelled by the client", Instant.now())));
            store.tellMissedChanges();
            assertEquals(List.of(), told, "not announced, not due: not read");
            store.rereadEvery = Duration.ZERO;
            store.tellMissedChanges();
            assertEquals(1, told.size(), told::toString);
            assertEquals(TaskStatus.CANCELLED, told.get(0).orElseThrow().status());
        }
    }

    @Test
    void aGridThatStillDoesNotAnswerCostsOneBoundPerLookNotOnePerTask() {
        List<TaskStore.Registration> watches = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stored("t-many-" + i);
            watches.add(store.watch("t-many-" + i, told::add));
        }
        grid.freeze();
        for (int i = 0; i < 5; i++) {
            store.changed("t-many-" + i);
        }
        int sentBefore = grid.unanswered();
        store.tellMissedChanges();
        assertEquals(1, grid.unanswered() - sentBefore, "one read waited for (one bound), not five");
        grid.thaw();
        store.tellMissedChanges();
        assertEquals(5, told.size(), "every missed change read once the grid answers: " + told);
        watches.forEach(TaskStore.Registration::close);
    }

    @Test
    void aChangeOfATaskNoLongerWatchedIsForgotten() {
        stored("t-2");
        TaskStore.Registration watch = store.watch("t-2", told::add);
        grid.freeze();
        store.changed("t-2");
        watch.close();
        grid.thaw();
        store.tellMissedChanges();
        store.changed("t-2");
        assertEquals(List.of(), told, "the work ended meanwhile: nobody to tell");
    }
}
