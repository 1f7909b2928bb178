package dev.jakartamcp.tasks;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TaskRunner}: what the server stops of the work of running tasks. Switching a tool off or revoking its
 * creator's token stops it (the task ends cancelled); a change of its roles does not; the end of the drain does (the
 * task fails). The periodic check is run by hand here.
 */
class TaskRunnerSwitchedOffTest {
    private static final JsonObject RESULT = Json.createObjectBuilder().add("content", Json.createArrayBuilder()).build();

    /** How often the check asked the store for the changes it missed; the first time the store fails. */
    private final AtomicInteger missedAsked = new AtomicInteger();
    private final InMemoryTaskStore store = new InMemoryTaskStore() {
        @Override
        public void tellMissedChanges() {
            if (missedAsked.incrementAndGet() == 1) {
                throw new IllegalStateException("the data grid did not answer");
            }
        }
    };
    private final TaskRunner runner = new TaskRunner();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<AuditRecord.Outcome> ended = new CopyOnWriteArrayList<>();
    private final List<String> reasons = new CopyOnWriteArrayList<>();
    private final AtomicReference<Runnable> check = new AtomicReference<>();
    private final AtomicInteger checksScheduled = new AtomicInteger();
    /** Whether each tool is on; a tool not named is on. */
    private final Map<String, Boolean> on = new ConcurrentHashMap<>();
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicInteger rolesAsked = new AtomicInteger();
    private final Exchange request = TaskRunnerParts.anonymousCall();
    private final Map<String, String> config = new ConcurrentHashMap<>();

    TaskRunnerSwitchedOffTest() {
        runner.store = store;
        runner.settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
        runner.executor = TaskRunnerParts.proxy(ManagedExecutorService.class, (method, args) -> threads.submit((Runnable) args[0]));
        runner.scheduler = TaskRunnerParts.proxy(ManagedScheduledExecutorService.class, (method, args) -> {
            if (method.getName().equals("scheduleWithFixedDelay")) {
                check.set((Runnable) args[0]);
                checksScheduled.incrementAndGet();
            }
            return TaskRunnerParts.cancellable();
        });
        runner.observations = TaskRunnerParts.endsInto(ended, reasons);
        runner.requestContexts = TaskRunnerParts.requestContexts();
        runner.tools = new ToolAccess() {
            @Override
            public boolean mayUse(Caller caller, String toolName) {
                rolesAsked.incrementAndGet();
                return false; // the roles no longer admit anybody: not a reason to stop the work
            }

            @Override
            public boolean isOn(String toolName) {
                asked.incrementAndGet();
                Boolean value = on.get(toolName);
                if (value == null && toolName.equals("broken")) {
                    throw new IllegalStateException("settings unreadable");
                }
                return value == null || value;
            }
        };
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }


    /** Work that waits until it is cancelled (interrupted or told), then records that it was. */
    private record Waiting(CountDownLatch started, CountDownLatch stopped, TaskRunner.Work work) {
        static Waiting untilCancelled() {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            return new Waiting(started, stopped, context -> {
                started.countDown();
                try {
                    while (!context.isCancelled()) {
                        Thread.sleep(5);
                    }
                } catch (InterruptedException e) {
                    // cancelled
                }
                stopped.countDown();
                return RESULT;
            });
        }
    }

    private String start(String tool, Waiting waiting) throws InterruptedException {
        return start(request, tool, waiting);
    }

    private String start(Exchange call, String tool, Waiting waiting) throws InterruptedException {
        String taskId = runner.start(call, tool, waiting.work()).getString("taskId");
        assertTrue(waiting.started().await(5, TimeUnit.SECONDS), "the work started");
        return taskId;
    }

    @Test
    void everyCheckReadsTheChangesTheStoreMissedAndAFailureThereStopsNothingElse() throws InterruptedException {
        Waiting job = Waiting.untilCancelled();
        String jobTask = start("job", job);
        on.put("job", false);
        check.get().run();
        assertEquals(1, missedAsked.get(), "asked with the check");
        assertTrue(job.stopped().await(5, TimeUnit.SECONDS), "the switched-off tool's work was stopped all the same");
        assertEquals(TaskStatus.CANCELLED, store.find(jobTask).orElseThrow().status());

        start("other", Waiting.untilCancelled());
        check.get().run();
        assertEquals(2, missedAsked.get(), "asked again at the next check");
    }

    /**
     * A finished task leaves the store at its expiry although no request comes: the periodic check sweeps. Before, the
     * store was swept only when a request reached it, so the results of finished tasks (up to mcp.tasks.max of them,
     * mcp.tasks.max-result-bytes each) stayed in the heap, or the grid, for as long as the server was quiet.
     */
    @Test
    void theCheckDropsFinishedTasksAtTheirExpiryThoughNoRequestComes() throws InterruptedException {
        InMemoryTaskStoreTest.MovableClock clock = new InMemoryTaskStoreTest.MovableClock();
        runner.clock = clock;
        store.clock = clock;
        config.put("mcp.tasks.ttl", "PT1M");
        Waiting job = Waiting.untilCancelled();
        String jobTask = start("job", job);
        on.put("job", false);
        check.get().run(); // the work ends (cancelled): the task stays until its expiry
        assertTrue(job.stopped().await(5, TimeUnit.SECONDS));
        assertEquals(TaskStatus.CANCELLED, store.find(jobTask).orElseThrow().status());
        clock.advance(java.time.Duration.ofSeconds(59));
        check.get().run();
        assertEquals(1, store.size(), "not expired yet");
        clock.advance(java.time.Duration.ofSeconds(11)); // expired, and the next sweep (every 10 s) is due
        check.get().run();
        assertEquals(0, store.size(), "swept by the check, without a request to the store");
    }

    @Test
    void switchingTheToolOffCancelsItsRunningTasks() throws InterruptedException {
        Waiting job = Waiting.untilCancelled();
        Waiting other = Waiting.untilCancelled();
        String jobTask = start("job", job);
        String otherTask = start("other", other);

        on.put("job", false);
        assertNotNull(check.get(), "the check is scheduled with the first task");
        check.get().run();

        assertTrue(job.stopped().await(5, TimeUnit.SECONDS), "the work of the switched-off tool was stopped");
        TaskState cancelled = store.find(jobTask).orElseThrow();
        assertEquals(TaskStatus.CANCELLED, cancelled.status());
        assertEquals(TaskRunner.SWITCHED_OFF, cancelled.statusMessage());
        assertEquals(List.of(AuditRecord.Outcome.CANCELLED), ended);
        assertEquals(TaskStatus.WORKING, store.find(otherTask).orElseThrow().status(), "the other tool is on");
        assertEquals(1, other.stopped().getCount(), "its work runs on");
        assertEquals(1, checksScheduled.get(), "one check for all tasks");
    }

    private static Exchange callBy(String subject, String tokenId) {
        return Exchange.builder(ProtocolRevision.V2026_07_28, "tools/call").caller(new Caller("https://as.example/", subject,
                Set.of(), Map.of("jti", tokenId), Instant.now().plusSeconds(300), "192.0.2.1")).build();
    }

    @Test
    void revokingTheCreatorsTokenCancelsItsRunningTasks() throws InterruptedException {
        Waiting aliceFirst = Waiting.untilCancelled();
        Waiting aliceSecond = Waiting.untilCancelled();
        Waiting bob = Waiting.untilCancelled();
        String first = start(callBy("alice", "token-1"), "job", aliceFirst);
        String second = start(callBy("alice", "token-2"), "job", aliceSecond);
        String bobs = start(callBy("bob", "token-3"), "job", bob);

        check.get().run();
        assertEquals(TaskStatus.WORKING, store.find(first).orElseThrow().status(), "nothing revoked yet");

        config.put("mcp.auth.revoked-token-ids", "token-1");
        check.get().run();
        assertTrue(aliceFirst.stopped().await(5, TimeUnit.SECONDS), "the work of the revoked token was stopped");
        TaskState cancelled = store.find(first).orElseThrow();
        assertEquals(TaskStatus.CANCELLED, cancelled.status());
        assertEquals(TaskRunner.REVOKED, cancelled.statusMessage());
        assertEquals(TaskStatus.WORKING, store.find(second).orElseThrow().status(), "another token of the subject is not revoked");

        config.put("mcp.auth.revoked-subjects", "carol, alice");
        check.get().run();
        assertTrue(aliceSecond.stopped().await(5, TimeUnit.SECONDS), "every token of a revoked subject");
        assertEquals(TaskRunner.REVOKED, store.find(second).orElseThrow().statusMessage());
        assertEquals(TaskStatus.WORKING, store.find(bobs).orElseThrow().status());
        assertEquals(1, bob.stopped().getCount(), "bob's work runs on");
        assertEquals(List.of(AuditRecord.Outcome.CANCELLED, AuditRecord.Outcome.CANCELLED), ended);
        assertEquals(List.of("revoked", "revoked"), reasons, "audited with reason revoked, as the README says");
    }

    @Test
    void rolesThatNoLongerAdmitTheCreatorLeaveTheWorkRunning() throws InterruptedException {
        Waiting job = Waiting.untilCancelled();
        String taskId = start("job", job);

        check.get().run();

        assertEquals(TaskStatus.WORKING, store.find(taskId).orElseThrow().status());
        assertEquals(1, job.stopped().getCount());
        assertEquals(List.of(), ended);
        assertEquals(0, rolesAsked.get(), "roles are not asked: they were decided when the work started");
    }

    @Test
    void aFailedCheckLeavesTheTasksAsTheyAreAndTheNextOneStillStops() throws InterruptedException {
        Waiting job = Waiting.untilCancelled();
        String taskId = start("broken", job);

        check.get().run(); // isOn throws: logged, nothing thrown into the schedule (which would end it)
        assertEquals(TaskStatus.WORKING, store.find(taskId).orElseThrow().status());

        on.put("broken", false);
        check.get().run();
        assertTrue(job.stopped().await(5, TimeUnit.SECONDS));
        assertEquals(TaskStatus.CANCELLED, store.find(taskId).orElseThrow().status());
    }

    @Test
    void aFailedCheckOfOneTaskDoesNotSkipTheOthers() throws InterruptedException {
        Waiting broken = Waiting.untilCancelled();
        Waiting job = Waiting.untilCancelled();
        String brokenTask = start("broken", broken);
        String jobTask = start("job", job);
        on.put("job", false);

        check.get().run();

        assertTrue(job.stopped().await(5, TimeUnit.SECONDS), "checked though the other task's check failed");
        assertEquals(TaskStatus.CANCELLED, store.find(jobTask).orElseThrow().status());
        assertEquals(TaskStatus.WORKING, store.find(brokenTask).orElseThrow().status());
    }

    @Test
    void aTaskThatEndedIsNoLongerChecked() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        String taskId = runner.start(request, "quick", context -> {
            done.countDown();
            return RESULT;
        }).getString("taskId");
        assertTrue(done.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 500 && store.find(taskId).orElseThrow().status() != TaskStatus.COMPLETED; i++) {
            Thread.sleep(10);
        }
        assertEquals(TaskStatus.COMPLETED, store.find(taskId).orElseThrow().status());

        on.put("quick", false);
        // the work's thread leaves the running tasks just after it stored the result
        for (int i = 0; i < 500; i++) {
            asked.set(0);
            check.get().run();
            if (asked.get() == 0) {
                break;
            }
            Thread.sleep(10);
        }
        assertEquals(0, asked.get(), "no running task, nothing asked");
        assertEquals(TaskStatus.COMPLETED, store.find(taskId).orElseThrow().status(), "an ended task stays as it ended");
    }

    /**
     * The work still running when the drain is over fails its task at once, so that the other nodes of a cluster whose
     * grid outlives the application do not show it working until its TTL (before, only a node leaving the cluster did).
     */
    @Test
    void theEndOfTheDrainFailsTheTasksStillRunningAndStopsTheirWork() throws InterruptedException {
        String done = runner.start(request, "quick", context -> RESULT).getString("taskId");
        for (int i = 0; i < 500 && store.find(done).orElseThrow().status() != TaskStatus.COMPLETED; i++) {
            Thread.sleep(10);
        }
        Waiting job = Waiting.untilCancelled();
        String jobTask = start("job", job);
        ended.clear();
        reasons.clear();

        runner.drainOver(new dev.jakartamcp.ops.Drain.Over(1));

        assertTrue(job.stopped().await(5, TimeUnit.SECONDS), "its work was told and interrupted");
        TaskState failed = store.find(jobTask).orElseThrow();
        assertEquals(TaskStatus.FAILED, failed.status());
        assertEquals(dev.jakartamcp.protocol.ErrorCode.INTERNAL_ERROR, failed.error().getInt("code"));
        assertEquals(TaskState.RUNNER_STOPPED, failed.error().getString("message"));
        assertEquals(TaskStatus.COMPLETED, store.find(done).orElseThrow().status(), "a task that ended stays as it ended");
        assertEquals(List.of(AuditRecord.Outcome.FAILED), ended);
        assertEquals(List.of("server_stopped"), reasons);

        runner.drainOver(new dev.jakartamcp.ops.Drain.Over(0));
        assertEquals(1, ended.size(), "audited once");
    }

    /**
     * A store that does not take the failures (the data grid does not answer) neither holds the stop for each task in
     * turn nor keeps the tasks from being audited: the first refused write ends the writing.
     */
    @Test
    void aStoreThatDoesNotTakeTheFailuresStillLeavesEveryTaskAuditedAndStopped() throws InterruptedException {
        AtomicInteger writes = new AtomicInteger();
        TaskRunner stopping = over(new InMemoryTaskStore() {
            @Override
            public Optional<TaskState> update(String taskId, java.util.function.UnaryOperator<TaskState> change) {
                if (change.apply(super.find(taskId).orElseThrow()).status() == TaskStatus.FAILED) {
                    writes.incrementAndGet();
                    throw new IllegalStateException("the data grid did not answer");
                }
                return super.update(taskId, change);
            }
        });
        List<Waiting> works = List.of(Waiting.untilCancelled(), Waiting.untilCancelled(), Waiting.untilCancelled());
        for (Waiting work : works) {
            stopping.start(request, "job", work.work());
            assertTrue(work.started().await(5, TimeUnit.SECONDS));
        }

        stopping.drainOver(new dev.jakartamcp.ops.Drain.Over(3));

        for (Waiting work : works) {
            assertTrue(work.stopped().await(5, TimeUnit.SECONDS), "every work was stopped");
        }
        assertEquals(1, writes.get(), "no further write after the first the store did not take");
        assertEquals(List.of(AuditRecord.Outcome.FAILED, AuditRecord.Outcome.FAILED, AuditRecord.Outcome.FAILED), ended);
        assertEquals(List.of("server_stopped", "server_stopped", "server_stopped"), reasons);
    }

    /**
     * On a cluster another node fails a task whose runner it believes gone (a split): the node still running it records
     * that end without the reason of its own stop, which it did not have.
     */
    @Test
    void aTaskFailedByAnotherNodeIsNotRecordedAsStoppedHere() throws InterruptedException {
        Waiting job = Waiting.untilCancelled();
        String jobTask = start("job", job);

        store.update(jobTask, t -> t.runnerStopped(Instant.now()));

        assertTrue(job.stopped().await(5, TimeUnit.SECONDS), "what the work would still do goes nowhere");
        assertEquals(List.of(AuditRecord.Outcome.FAILED), ended);
        assertEquals(List.of("-"), reasons);
    }

    /** A runner like {@link #runner} over {@code other}, a store of the test's own. */
    private TaskRunner over(TaskStore other) {
        return TaskRunnerParts.over(runner, other);
    }

    /** A task its client cancelled just before, which this node had not heard yet, is audited as cancelled. */
    @Test
    void aTaskCancelledBeforeTheDrainsEndIsAuditedAsCancelled() throws InterruptedException {
        InMemoryTaskStore unheard = new InMemoryTaskStore() {
            @Override
            public Registration watch(String taskId, java.util.function.Consumer<Optional<TaskState>> watcher) {
                return super.watch(taskId, state -> { }); // the change notice has not arrived yet
            }
        };
        TaskRunner stopping = over(unheard);
        Waiting job = Waiting.untilCancelled();
        String taskId = stopping.start(request, "job", job.work()).getString("taskId");
        assertTrue(job.started().await(5, TimeUnit.SECONDS));
        unheard.update(taskId, t -> t.cancelled("Cancelled by the client", Instant.now()));

        stopping.drainOver(new dev.jakartamcp.ops.Drain.Over(1));

        assertTrue(job.stopped().await(5, TimeUnit.SECONDS));
        assertEquals(TaskStatus.CANCELLED, unheard.find(taskId).orElseThrow().status());
        assertEquals(List.of(AuditRecord.Outcome.CANCELLED), ended);
    }

    /** A write that does not come back holds the container's stop for STOPPED_WRITES at most; the task is audited. */
    @Test
    void aWriteThatDoesNotComeBackHoldsTheStopNoLongerThanItsBound() throws InterruptedException {
        CountDownLatch released = new CountDownLatch(1);
        InMemoryTaskStore hanging = new InMemoryTaskStore() {
            @Override
            public Optional<TaskState> update(String taskId, java.util.function.UnaryOperator<TaskState> change) {
                if (change.apply(super.find(taskId).orElseThrow()).status() == TaskStatus.FAILED) {
                    try {
                        released.await(); // a data grid that does not answer (four waits of its timeout at most)
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.update(taskId, change);
            }
        };
        TaskRunner stopping = over(hanging);
        Waiting job = Waiting.untilCancelled();
        stopping.start(request, "job", job.work());
        assertTrue(job.started().await(5, TimeUnit.SECONDS));
        try {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                    () -> stopping.drainOver(new dev.jakartamcp.ops.Drain.Over(1)), "returned while its write hangs");
            assertEquals(List.of(AuditRecord.Outcome.FAILED), ended);
            assertEquals(List.of("server_stopped"), reasons);
        } finally {
            released.countDown();
        }
    }
}
