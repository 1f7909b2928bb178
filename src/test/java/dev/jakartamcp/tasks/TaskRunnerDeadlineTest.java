package dev.jakartamcp.tasks;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TaskRunner}: the work of a task stops at the end of its TTL, also when the scheduler's deadline fires before
 * the clock the store judges expiry by has reached it (the wall clock stepped back, or runs behind the scheduler's).
 */
class TaskRunnerDeadlineTest {
    private final InMemoryTaskStoreTest.MovableClock clock = new InMemoryTaskStoreTest.MovableClock();
    private final Map<String, String> config = Map.of("mcp.tasks.ttl", "PT1M");
    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final TaskRunner runner = new TaskRunner();
    /** The deadlines handed to the scheduler, in order: what runs, after how many milliseconds. */
    private final List<Runnable> deadlines = new CopyOnWriteArrayList<>();
    private final List<Long> delays = new CopyOnWriteArrayList<>();
    private final List<AuditRecord.Outcome> ended = new CopyOnWriteArrayList<>();
    private final Exchange request = TaskRunnerParts.anonymousCall();

    TaskRunnerDeadlineTest() {
        store.clock = clock;
        runner.clock = clock;
        runner.store = store;
        runner.settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
        runner.executor = TaskRunnerParts.proxy(ManagedExecutorService.class, (method, args) -> {
            FutureTask<Object> task = new FutureTask<>((Runnable) args[0], null);
            new Thread(task, "task-work").start();
            return task;
        });
        runner.scheduler = TaskRunnerParts.proxy(ManagedScheduledExecutorService.class, (method, args) -> {
            if (method.getName().equals("scheduleWithFixedDelay")) {
                // the check for switched-off tools (TaskRunnerSwitchedOffTest), not a deadline
                return TaskRunnerParts.cancellable();
            }
            deadlines.add((Runnable) args[0]);
            delays.add(((TimeUnit) args[2]).toMillis((Long) args[1]));
            return TaskRunnerParts.cancellable();
        });
        runner.observations = TaskRunnerParts.endsInto(ended);
        runner.requestContexts = TaskRunnerParts.requestContexts();
    }


    @Test
    void aDeadlineThatFiresBeforeTheTaskExpiredIsSetAgainUntilTheWorkStops() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        String taskId = runner.start(request, "slow", context -> {
            while (!context.isCancelled()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    break;
                }
            }
            stopped.countDown();
            return JsonValue.EMPTY_JSON_OBJECT;
        }).getString("taskId");
        assertEquals(List.of(60_000L), delays);

        clock.advance(Duration.ofSeconds(58)); // the scheduler's minute is up, the store's clock says 58 s
        deadlines.get(0).run();
        assertTrue(store.find(taskId).isPresent());
        assertFalse(stopped.await(50, TimeUnit.MILLISECONDS), "the task had 2 s left");
        assertEquals(2, deadlines.size(), "a deadline that fired early must be set again for the rest of the TTL, else "
                + "nothing stops the work of the expired task until something happens to look the task up");
        assertTrue(delays.get(1) >= 2_000 && delays.get(1) <= 3_000, "the second deadline: " + delays.get(1) + " ms");

        clock.advance(Duration.ofSeconds(2));
        deadlines.get(1).run();
        assertTrue(stopped.await(5, TimeUnit.SECONDS), "the work of the expired task was not stopped");
        assertTrue(store.find(taskId).isEmpty());
        assertEquals(List.of(AuditRecord.Outcome.CANCELLED), ended);
    }
}
