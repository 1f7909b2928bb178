package dev.jakartamcp.tasks;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TaskRunner}: how the end of a task's work becomes the task's terminal state. The work runs within start. */
class TaskRunnerWorkTest {
    private final Map<String, String> config = new java.util.concurrent.ConcurrentHashMap<>(Map.of("mcp.tasks.max-result-bytes", "1024"));
    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final TaskRunner runner = new TaskRunner();
    private final List<AuditRecord.Outcome> ended = new CopyOnWriteArrayList<>();
    private final Exchange request = TaskRunnerParts.anonymousCall();

    TaskRunnerWorkTest() {
        runner.store = store;
        runner.settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
        runner.executor = TaskRunnerParts.proxy(ManagedExecutorService.class, (method, args) -> {
            // as an executor does: the work runs, whatever it throws stays in its future
            FutureTask<Object> task = new FutureTask<>((Runnable) args[0], null);
            task.run();
            return task;
        });
        runner.scheduler = TaskRunnerParts.proxy(ManagedScheduledExecutorService.class, (method, args) ->
                TaskRunnerParts.cancellable());
        runner.observations = TaskRunnerParts.endsInto(ended);
        runner.requestContexts = TaskRunnerParts.requestContexts();
    }


    private TaskState run(TaskRunner.Work work) {
        String taskId = runner.start(request, "job", work).getString("taskId");
        return store.find(taskId).orElseThrow();
    }

    /** A task's end is audited in the trace of the call that created it: it got a trace id of its own. */
    @Test
    void aTasksEndIsAuditedInTheTraceOfTheCallThatCreatedIt() {
        List<String> traceIds = new ArrayList<>();
        runner.observations = TaskRunnerParts.endsInto(ended, new ArrayList<>(), traceIds);
        run(TaskRunner.Work.of(context -> Json.createObjectBuilder().add("isError", false).build(), () -> { }));
        assertEquals(List.of(dev.jakartamcp.ops.Observations.traceIdOf(request.observation())), traceIds);
    }

    @Test
    void workThatRanIsNeverToldItWasDropped() {
        AtomicInteger dropped = new AtomicInteger();
        run(TaskRunner.Work.of(context -> Json.createObjectBuilder().add("isError", false).build(), dropped::incrementAndGet));
        run(TaskRunner.Work.of(context -> {
            throw new IllegalStateException("failed");
        }, dropped::incrementAndGet));
        assertEquals(0, dropped.get());
    }

    @Test
    void thePlaceOfTheToolsBoundTheCallHeldIsHeldByTheWorkAndGivenBackOnceWhenItEnds() {
        AtomicInteger givenBack = new AtomicInteger();
        request.holdItemPlace(givenBack::incrementAndGet);
        List<Integer> duringTheWork = new ArrayList<>();
        TaskState task = run(context -> {
            duringTheWork.add(givenBack.get());
            return Json.createObjectBuilder().add("content", Json.createArrayBuilder()).build();
        });
        assertEquals(TaskStatus.COMPLETED, task.status());
        assertEquals(List.of(0), duringTheWork, "held while the work runs");
        assertEquals(1, givenBack.get(), "given back when it ended");
        request.takeItemPlace().run();
        assertEquals(1, givenBack.get(), "the call that created the task no longer holds it");
    }

    /**
     * The data grid's store tells a task's watcher of a change later, on another thread: the end of the task's work
     * is audited all the same (before, only when the watcher was told, and the work's end had removed it by then).
     */
    @Test
    void theEndOfTheWorkIsAuditedAlsoWhenTheStoreTellsTheWatcherNothingAtOnce() {
        TaskRunner late = TaskRunnerParts.over(runner, new InMemoryTaskStore() {
            @Override
            public Registration watch(String taskId, java.util.function.Consumer<Optional<TaskState>> watcher) {
                return super.watch(taskId, state -> { }); // told nothing while the work runs
            }
        });
        late.start(request, "job", context -> Json.createObjectBuilder().add("content", Json.createArrayBuilder()).build());
        late.start(request, "job", context -> Json.createObjectBuilder().add("content", Json.createArrayBuilder()).add("isError", true).build());
        late.start(request, "job", context -> {
            throw new McpException(-32000, "no");
        });
        assertEquals(List.of(AuditRecord.Outcome.OK, AuditRecord.Outcome.TOOL_ERROR, AuditRecord.Outcome.FAILED), ended);
    }

    /** A live setting an operator broke while the work ran does not keep its end from being written. */
    @Test
    void aResultLimitBrokenWhileTheWorkRanStillEndsTheTask() {
        JsonObject result = Json.createObjectBuilder().add("content", Json.createArrayBuilder()).add("isError", false).build();
        TaskState task = run(context -> {
            config.put("mcp.tasks.max-result-bytes", "512"); // below its minimum
            return result;
        });
        assertEquals(TaskStatus.COMPLETED, task.status());
        assertEquals(result, task.result());
        assertEquals(List.of(AuditRecord.Outcome.OK), ended);
    }

    @Test
    void aResultEndsTheTaskCompleted() {
        JsonObject result = Json.createObjectBuilder().add("content", Json.createArrayBuilder()).add("isError", false).build();
        TaskState task = run(context -> result);
        assertEquals(TaskStatus.COMPLETED, task.status());
        assertEquals(result, task.result());
        assertEquals(List.of(AuditRecord.Outcome.OK), ended);
    }

    @Test
    void aJsonRpcErrorWithoutAMessageEndsTheTaskFailed() {
        TaskState task = run(context -> {
            throw new McpException(-32000, null);
        });
        assertEquals(TaskStatus.FAILED, task.status(), "the work ended, so the task must not stay " + task.status().wire());
        assertEquals(Json.createObjectBuilder().add("code", -32000).add("message", "").build(), task.error());
        assertEquals(List.of(AuditRecord.Outcome.FAILED), ended);
    }

    /** The tasks extension: failed is for JSON-RPC errors only, so an error too large keeps its code, not its data. */
    @Test
    void anErrorLargerThanTheTaskKeepsEndsTheTaskFailedWithItsCodeAndTheStartOfItsMessage() {
        String large = "x".repeat(4096);
        TaskState task = run(context -> {
            throw new McpException(-32000, "too much \u00e9".repeat(200), Json.createObjectBuilder().add("echo", large).build(),
                    McpException.Reason.FAILED);
        });
        assertEquals(TaskStatus.FAILED, task.status());
        assertEquals(-32000, task.error().getInt("code"));
        String message = task.error().getString("message");
        assertTrue(message.startsWith("too much \u00e9too much"), message);
        assertTrue(message.endsWith(" (the task's error of 6343 bytes is larger than the 1024 bytes a task keeps"
                + " (mcp.tasks.max-result-bytes): its data left out)"), message);
        assertFalse(task.error().containsKey("data"), task.error()::toString);
        assertTrue(task.error().toString().getBytes(StandardCharsets.UTF_8).length <= 1024, "the error kept: " + task.error().toString().length() + " characters");
        assertNull(task.result());
        assertEquals(List.of(AuditRecord.Outcome.FAILED), ended);
    }

    /** A tool's result too large to keep is the tool's error, and the task completed: it is no JSON-RPC error (tasks extension). */
    @Test
    void aResultLargerThanTheTaskKeepsEndsTheTaskCompletedWithTheToolsError() {
        String large = "x".repeat(4096);
        TaskState task = run(context -> Json.createObjectBuilder().add("content", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("type", "text").add("text", large))).add("isError", false).build());
        assertEquals(TaskStatus.COMPLETED, task.status());
        assertNull(task.error());
        assertEquals(Json.createObjectBuilder().add("content", Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("type", "text").add("text", "Tool job answered, but the task's result of 4151 bytes is larger than the"
                        + " 1024 bytes a task keeps (mcp.tasks.max-result-bytes)"))).add("isError", true).build(), task.result());
        assertEquals(List.of(AuditRecord.Outcome.TOOL_ERROR), ended);
    }

    /**
     * With the cluster on, the store is the data grid, whose writes may not be answered for a while (a member frozen):
     * the task's end is written again until the store takes it, instead of the result being lost and the task left
     * "working" until its time-to-live, or recorded as failed with the grid's 503.
     */
    /** The test's store, but for the next {@code refusals} updates, which the grid does not answer ("refused" in {@code attempts}). */
    private TaskStore refusingUpdates(AtomicInteger refusals, List<String> attempts) {
        return (TaskStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{TaskStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("update") && refusals.get() > 0) {
                        attempts.add("refused");
                        refusals.decrementAndGet();
                        throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "the data grid did not answer", java.time.Duration.ofSeconds(5), "grid");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void anEndTheStoreDoesNotTakeAtOnceIsWrittenAgainUntilItDoes() {
        AtomicInteger refusals = new AtomicInteger();
        List<String> attempts = new CopyOnWriteArrayList<>();
        runner.store = refusingUpdates(refusals, attempts);
        JsonObject result = Json.createObjectBuilder().add("content", Json.createArrayBuilder()).build();
        TaskState task = run(context -> {
            refusals.set(2);
            return result;
        });
        assertEquals(List.of("refused", "refused"), attempts);
        assertEquals(TaskStatus.COMPLETED, task.status(), "the third write took it");
        assertEquals(result, task.result());
        assertEquals(List.of(AuditRecord.Outcome.OK), ended);
    }

    @Test
    void progressTheStoreDoesNotTakeLeavesTheWorkRunning() {
        AtomicInteger refusals = new AtomicInteger();
        runner.store = refusingUpdates(refusals, new CopyOnWriteArrayList<>());
        JsonObject result = Json.createObjectBuilder().add("content", Json.createArrayBuilder()).build();
        TaskState task = run(context -> {
            refusals.set(1);
            context.progress(1.0, 2.0, "half way"); // the grid did not take it
            assertEquals(0, refusals.get(), "the store was asked");
            return result;
        });
        assertEquals(TaskStatus.COMPLETED, task.status(), "not failed with the grid's -31503");
        assertEquals(result, task.result());
    }

    /**
     * Work that reports progress for every item writes the task once per interval, not once per item: the first
     * message at once, the latest of those that follow it when the interval is over.
     */
    @Test
    void progressInQuickSuccessionIsOneWriteOfTheLatestMessage() {
        List<Runnable> later = new CopyOnWriteArrayList<>();
        runner.scheduler = TaskRunnerParts.proxy(ManagedScheduledExecutorService.class, (method, args) -> {
            if (method.getName().equals("schedule") && ((TimeUnit) args[2]).toMillis((Long) args[1])
                    <= TaskRunner.MESSAGE_WRITE_INTERVAL.toMillis()) {
                later.add((Runnable) args[0]);
            }
            return TaskRunnerParts.cancellable();
        });
        List<String> written = new CopyOnWriteArrayList<>();
        runner.store = (TaskStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{TaskStore.class},
                (proxy, method, args) -> {
                    try {
                        Object answer = method.invoke(store, args);
                        if (method.getName().equals("update")) {
                            ((Optional<?>) answer).map(t -> ((TaskState) t).statusMessage()).ifPresent(written::add);
                        }
                        return answer;
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        String taskId = runner.start(request, "job", context -> {
            for (int item = 1; item <= 1000; item++) {
                context.progress(item, 1000.0, null);
            }
            assertEquals(List.of("1 of 1000"), written, "the first message at once, no other yet");
            assertEquals(1, later.size(), "one write of the others due");
            later.get(0).run();
            assertEquals(List.of("1 of 1000", "1000 of 1000"), written, "the latest of the others");
            context.progress(1001, 1000.0, null);
            return Json.createObjectBuilder().add("content", Json.createArrayBuilder()).build();
        }).getString("taskId");
        TaskState task = store.find(taskId).orElseThrow();
        assertEquals(TaskStatus.COMPLETED, task.status());
        assertEquals("1001 of 1000", task.statusMessage(), "the last message, not written yet, is the ended task's");
        assertEquals(2, later.size(), "the message after the write was due at the interval's end");
    }

    /**
     * The extension's inputRequests hold the outstanding requests: when the work stops waiting for one (here because
     * the answer to the other of its round is refused), it leaves them, and with none left the task is working again
     * while the work goes on.
     */
    @Test
    void aQuestionTheWorkGaveUpWaitingForLeavesTheTasksInputRequests() throws Exception {
        runner.executor = TaskRunnerParts.proxy(ManagedExecutorService.class, (method, args) -> {
            FutureTask<Object> task = new FutureTask<>((Runnable) args[0], null);
            new Thread(task, "task-work").start();
            return task;
        });
        java.util.concurrent.CountDownLatch refused = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Exchange asking = Exchange.builder(dev.jakartamcp.protocol.ProtocolRevision.V2026_07_28, "tools/call")
                .caller(dev.jakartamcp.protocol.Caller.anonymous("192.0.2.1"))
                .clientCapabilities(Json.createObjectBuilder().add("elicitation", Json.createObjectBuilder()).build()).build();
        JsonObject schema = Json.createObjectBuilder().add("type", "object").build();
        String taskId = runner.start(asking, "job", context -> {
            try {
                Map<String, dev.jakartamcp.api.InputRequest> round = new java.util.LinkedHashMap<>(); // a is awaited first
                round.put("a", dev.jakartamcp.api.InputRequest.elicitation("A?", schema));
                round.put("b", dev.jakartamcp.api.InputRequest.elicitation("B?", schema));
                context.ask(round);
            } catch (McpException e) {
                refused.countDown();
                release.await(5, java.util.concurrent.TimeUnit.SECONDS);
            }
            return Json.createObjectBuilder().add("content", Json.createArrayBuilder()).add("isError", false).build();
        }).getString("taskId");

        long until = System.nanoTime() + 5_000_000_000L;
        while (store.find(taskId).orElseThrow().inputRequests().size() < 2 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertEquals(java.util.Set.of("a", "b"), store.find(taskId).orElseThrow().inputRequests().keySet());
        JsonObject tooLarge = Json.createReader(new java.io.StringReader(
                "{\"action\":\"accept\",\"content\":{\"n\":1e500000000}}")).readObject();
        store.update(taskId, s -> s.answered(Map.of("a", tooLarge), java.time.Instant.now()));
        assertTrue(refused.await(5, java.util.concurrent.TimeUnit.SECONDS), "the work was refused the answer");

        TaskState waiting = store.find(taskId).orElseThrow();
        assertEquals(Map.of(), waiting.inputRequests(), "b is no longer outstanding");
        assertEquals(TaskStatus.WORKING, waiting.status());
        release.countDown();
        until = System.nanoTime() + 5_000_000_000L;
        while (!store.find(taskId).orElseThrow().status().isTerminal() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertEquals(TaskStatus.COMPLETED, store.find(taskId).orElseThrow().status());
    }

    /**
     * A task ended by another than its work (failed as its runner seemed gone, after a network split healed) stops its
     * work: what the work would still do goes nowhere, and it held its thread and its places until it returned.
     */
    @Test
    void workWhoseTaskAnotherEndedIsStopped() throws Exception {
        runner.executor = TaskRunnerParts.proxy(ManagedExecutorService.class, (method, args) -> {
            FutureTask<Object> task = new FutureTask<>((Runnable) args[0], null);
            new Thread(task, "task-work").start();
            return task;
        });
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean sawCancelled = new java.util.concurrent.atomic.AtomicBoolean();
        String taskId = runner.start(request, "job", context -> {
            started.countDown();
            long until = System.nanoTime() + 5_000_000_000L;
            try {
                while (!context.isCancelled() && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
            } finally {
                // looked at however the wait ended: the stop also interrupts the work's thread, which may be asleep
                sawCancelled.set(context.isCancelled());
            }
            return Json.createObjectBuilder().add("content", Json.createArrayBuilder()).build();
        }).getString("taskId");
        assertTrue(started.await(5, java.util.concurrent.TimeUnit.SECONDS));
        store.update(taskId, s -> s.failed(Json.createObjectBuilder().add("code", -32603).add("message", "The server node that ran this"
                + " task stopped").build(), java.time.Instant.now()));
        long until = System.nanoTime() + 5_000_000_000L;
        while (!sawCancelled.get() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertTrue(sawCancelled.get(), "the work was told to stop");
        assertEquals(TaskStatus.FAILED, store.find(taskId).orElseThrow().status(), "the end another wrote stands");
    }

    /**
     * A result the store did not take (a grid failure other than its timeout) is followed by the failure, which must
     * still be written: the task never stays working. The claim of the task's end by the drain's end must not take it.
     */
    @Test
    void aResultTheStoreRefusedIsFollowedByTheFailureAndTheTaskDoesNotStayWorking() {
        InMemoryTaskStore refusing = new InMemoryTaskStore() {
            private boolean refused;

            @Override
            public Optional<TaskState> update(String taskId, java.util.function.UnaryOperator<TaskState> change) {
                if (!refused && change.apply(super.find(taskId).orElseThrow()).status() == TaskStatus.COMPLETED) {
                    refused = true;
                    throw new IllegalStateException("the data grid failed");
                }
                return super.update(taskId, change);
            }
        };
        TaskRunner failing = TaskRunnerParts.over(runner, refusing);
        String taskId = failing.start(request, "job", context -> Json.createObjectBuilder().add("content", Json.createArrayBuilder()).build())
                .getString("taskId");
        TaskState task = refusing.find(taskId).orElseThrow();
        assertEquals(TaskStatus.FAILED, task.status());
        assertEquals("Internal error", task.error().getString("message"));
        assertEquals(List.of(AuditRecord.Outcome.FAILED), ended);
    }
}
